// Forward requests (SPEC-002) and what their results must show: the shape of §4.3, the digests of SPEC-010 §4.11,
// logits and traces against the oracle (SPEC-010 §4.12, SPEC-003 §4.9) and the trace structure of REQ-003-016.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import {
  checkBinary32Logits,
  checkResultShape,
  checkSequenceDigests,
  checkTokenDigests,
  checkTraceStructure,
} from '../support/checks/forward-result-checks.ts';
import { compareLogits, compareTraces, type Comparison } from '../support/checks/forward-oracle-checks.ts';
import { maxTokensPerRequestLimit } from '../support/declared-limits.ts';
import { sendRecorded } from '../support/exchanges.ts';
import {
  fixtureSequences,
  forward,
  forwardAgain,
  lastForward,
  lastForwardCall,
  parseForwardOptions,
  sequencesFromWords,
} from '../support/forward-calls.ts';
import { forwardModelNamed, oracleForward } from '../support/forward-models.ts';
import type { Principal } from '../support/principals.ts';
import { expectedSeed } from '../support/route-calls.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { assertSameJson } from '../support/checks/first-difference.ts';

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 20).join('\n')}`);
}

When('{principal} forwards the sequences {string} through {string}', async function (this: ConformanceWorld, who: Principal, words: string, model: string) {
  await forward(this, who, { model, sequences: sequencesFromWords(words, model) });
});

When(
  '{principal} forwards the sequences {string} through {string} with {string}',
  async function (this: ConformanceWorld, who: Principal, words: string, model: string, options: string) {
    await forward(this, who, { model, sequences: sequencesFromWords(words, model), ...parseForwardOptions(options) });
  },
);

When('{principal} forwards the fixture sequences of {string}', async function (this: ConformanceWorld, who: Principal, model: string) {
  await forward(this, who, { model, sequences: fixtureSequences(model) });
});

When(
  '{principal} forwards the fixture sequences of {string} with {string}',
  async function (this: ConformanceWorld, who: Principal, model: string, options: string) {
    await forward(this, who, { model, sequences: fixtureSequences(model), ...parseForwardOptions(options) });
  },
);

// Raw JSON, so that literals such as 1e400 or 255.0 reach the runtime exactly as written.
When('{principal} forwards the raw sequences {string} through {string}', async function (this: ConformanceWorld, who: Principal, raw: string, model: string) {
  await sendRecorded(this, who, { method: 'POST', path: '/v1/forward', rawBody: `{"model":${JSON.stringify(model)},"sequences":${raw}}` });
});

When(
  '{principal} forwards the raw sequences {string} through {string} with deadlineMs {int}',
  async function (this: ConformanceWorld, who: Principal, raw: string, model: string, deadlineMs: number) {
    const rawBody = `{"model":${JSON.stringify(model)},"sequences":${raw},"deadlineMs":${deadlineMs}}`;
    await sendRecorded(this, who, { method: 'POST', path: '/v1/forward', rawBody });
  },
);

/** Sequences of `maxSeq` tokens (the last one shorter) holding `total` tokens in all. */
function sequencesTotalling(model: string, total: number): number[][] {
  const { maxSeq, vocab } = forwardModelNamed(model).descriptor;
  return Array.from({ length: Math.ceil(total / maxSeq) }, (_, i) =>
    Array.from({ length: Math.min(maxSeq, total - i * maxSeq) }, (_, j) => (i * 31 + j) % vocab),
  );
}

When('{principal} forwards one sequence of maxSeq + 1 tokens through {string}', async function (this: ConformanceWorld, who: Principal, model: string) {
  const { maxSeq } = forwardModelNamed(model).descriptor;
  await forward(this, who, { model, sequences: sequencesTotalling(model, maxSeq).map((s) => [...s, 0]) });
});

When('{principal} forwards one sequence of exactly maxSeq tokens through {string}', async function (this: ConformanceWorld, who: Principal, model: string) {
  await forward(this, who, { model, sequences: sequencesTotalling(model, forwardModelNamed(model).descriptor.maxSeq) });
});

When(
  '{principal} forwards maxSeq-token sequences totalling one token too many through {string}',
  async function (this: ConformanceWorld, who: Principal, model: string) {
    await forward(this, who, { model, sequences: sequencesTotalling(model, maxTokensPerRequestLimit() + 1) });
  },
);

When('{principal} forwards maxSeq-token sequences totalling the limit through {string}', async function (this: ConformanceWorld, who: Principal, model: string) {
  await forward(this, who, { model, sequences: sequencesTotalling(model, maxTokensPerRequestLimit()) });
});

Then('the forward result has one entry per sequence and per token, with logits and routes exactly as requested', function (this: ConformanceWorld) {
  const call = lastForwardCall(this);
  const { vocab, layers } = forwardModelNamed(call.model).descriptor;
  const expectation = { model: call.model, sequences: call.sequences, trace: call.trace === true, logits: call.logits === true, vocab, layers };
  none(checkResultShape(lastForward(this), expectation), 'forward result shape');
});

Then('each sequence result equals that sequence forwarded alone', async function (this: ConformanceWorld) {
  const call = lastForwardCall(this);
  const result = lastForward(this);
  assert.ok(call.sequences.length > 1, 'a request of one sequence says nothing about order');
  // Distinct sequence digests make a permutation of the results visible.
  assert.equal(new Set(result.sequences.map((s) => s.digest)).size, result.sequences.length, 'two sequence results are identical');
  for (const [i, sequence] of call.sequences.entries()) {
    const alone = await forwardAgain(this, { ...call, sequences: [sequence] }, `POST /v1/forward (sequence ${i} alone)`);
    assertSameJson(result.sequences[i], alone.sequences[0], `sequence result ${i} is not the result of request sequence ${i}`);
  }
});

function attachCoverage(world: ConformanceWorld, what: string, c: Comparison): void {
  world.attach(`${what}: ${c.compared} of ${c.total} compared with the oracle`, 'text/plain');
  // Nothing compared would make the check vacuous: the inputs must reach well-separated decisions.
  assert.ok(c.compared > 0, `no ${what} could be compared with the oracle`);
}

function oracleOfLast(world: ConformanceWorld) {
  const call = lastForwardCall(world);
  return oracleForward(call.model, call.sequences, expectedSeed(world, call.model));
}

Then('the forward logits are within the oracle\'s tolerance', function (this: ConformanceWorld) {
  const comparison = compareLogits(lastForward(this), oracleOfLast(this));
  attachCoverage(this, 'token logits', comparison);
  none(comparison.problems, 'logits beyond 1e-3·(1 + |oracle|)');
});

Then('the forward traces equal the oracle\'s wherever routing is well separated', function (this: ConformanceWorld) {
  const comparison = compareTraces(lastForward(this), oracleOfLast(this));
  attachCoverage(this, 'token-layer routes', comparison);
  none(comparison.problems, 'trace entries that differ from the oracle');
});

Then(
  'every forward trace entry has the structure of SPEC-003: counts, adjacency, global ids and a gate sum of 1',
  function (this: ConformanceWorld) {
    const result = lastForward(this);
    assert.ok(result.sequences.every((s) => s.tokens.every((t) => t.routes !== undefined)), 'the result has no trace');
    none(checkTraceStructure(result, forwardModelNamed(lastForwardCall(this).model).descriptor), 'trace structure');
  },
);

Then('the forward result reports the routing seed {string}', function (this: ConformanceWorld, seed: string) {
  assert.equal(lastForward(this).seed, seed);
});

Then('every reported logit is a binary32 value', function (this: ConformanceWorld) {
  const result = lastForward(this);
  assert.ok(result.sequences.every((s) => s.tokens.every((t) => t.logits !== undefined)), 'the result has no logits');
  none(checkBinary32Logits(result), 'logits');
});

Then('every forward token digest is the SHA-256 of its logits as binary32 little-endian', function (this: ConformanceWorld) {
  none(checkTokenDigests(lastForward(this)), 'token digests');
});

Then('every forward sequence digest and the result digest are the SHA-256 of the digests they cover', function (this: ConformanceWorld) {
  none(checkSequenceDigests(lastForward(this)), 'sequence and result digests');
});
