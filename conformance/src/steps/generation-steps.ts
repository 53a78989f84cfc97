// Generations (SPEC-043): token choice against the decode rule over the runtime's own forward logits and against the
// forward oracle, stop sequences, maxTokens, request checks, batching invariance and the scheduler's waves.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { decodeParameters, matchedStop, nucleus, pickToken, samplingOrder } from '../oracle/generation.ts';
import { decodeProblems, greedyOracleAgreement, sampledCandidates } from '../support/checks/decode-checks.ts';
import { assertFailsWith, assertStateUnchanged, sendRecorded } from '../support/exchanges.ts';
import { oracleForward } from '../support/forward-models.ts';
import {
  acceptResult,
  bodyOf,
  eventually,
  generateRecorded,
  kvFigures,
  lastRecord,
  recordNamed,
  remember,
  runtimeNextLogits,
  schedulerState,
  sendGenerate,
  setScheduler,
  type GenerateBody,
  type GenerationRecord,
  type KvFigures,
} from '../support/generation-calls.ts';
import type { Principal } from '../support/principals.ts';
import { expectedSeed } from '../support/route-calls.ts';
import type { ConformanceWorld } from '../support/world.ts';

const KV_BEFORE = 'kv figures before the last generation request';

Given('the scheduler is paused', async function (this: ConformanceWorld) {
  assert.equal((await setScheduler(this, { paused: true })).paused, true);
});

When('the scheduler is resumed', async function (this: ConformanceWorld) {
  assert.equal((await setScheduler(this, { paused: false })).paused, false);
});

Given('the scheduler allows {int} sequence(s) per batch', async function (this: ConformanceWorld, maxBatch: number) {
  assert.equal((await setScheduler(this, { maxBatch })).maxBatch, maxBatch);
});

When('{principal} generates from {string} of {string} with {string}', async function (this: ConformanceWorld, who: Principal, prompt: string, model: string, options: string) {
  await generateRecorded(this, who, bodyOf(model, prompt, options));
});

When(
  '{principal} generates from {string} of {string} with {string} as {string}',
  async function (this: ConformanceWorld, who: Principal, prompt: string, model: string, options: string, label: string) {
    await generateRecorded(this, who, bodyOf(model, prompt, options), label);
  },
);

When('{principal} sends the generation {string} of {string} with {string}', async function (this: ConformanceWorld, who: Principal, prompt: string, model: string, options: string) {
  this.remembered.set(KV_BEFORE, await kvFigures(this));
  await sendRecorded(this, who, { method: 'POST', path: '/v1/generate', body: bodyOf(model, prompt, options) });
});

Then('the request fails with {word}, nothing is queued and the KV pool is unchanged', async function (this: ConformanceWorld, code: string) {
  assertFailsWith(this, code);
  await assertStateUnchanged(this);
  assert.deepEqual(await kvFigures(this), this.recall<KvFigures>(KV_BEFORE), 'the refused generation changed the KV pool figures');
  const scheduler = await schedulerState(this);
  assert.equal(scheduler.queued + scheduler.running, 0, 'the refused generation was queued');
});

/** Checks a generation against the decode rule over the runtime's forward logits; returns the sampled tokens. */
async function checkDecodeRule(world: ConformanceWorld, record: GenerationRecord): Promise<number[]> {
  const parameters = decodeParameters(record.body);
  const generation = { prompt: record.body.prompt, tokens: record.result.tokens, finishReason: record.result.finishReason };
  let firstProblems: string[] | undefined;
  for (const sampled of sampledCandidates(generation, parameters)) {
    const logits = await runtimeNextLogits(world, record.body.model, record.body.prompt, sampled);
    const problems = decodeProblems(generation, parameters, sampled, logits);
    if (problems.length === 0) return sampled;
    firstProblems ??= problems;
  }
  assert.fail(`the generation does not follow the decode rule over the runtime's forward logits:\n${(firstProblems ?? ['no candidate']).join('\n')}`);
}

Then('the generation follows the decode rule over the runtime\'s forward logits', async function (this: ConformanceWorld) {
  await checkDecodeRule(this, lastRecord(this));
});

Then('the generation {string} follows the decode rule over the runtime\'s forward logits', async function (this: ConformanceWorld, label: string) {
  await checkDecodeRule(this, recordNamed(this, label));
});

Then('the greedy tokens agree with the forward oracle wherever it is decisive', async function (this: ConformanceWorld) {
  const record = lastRecord(this);
  const sampled = await checkDecodeRule(this, record);
  const sequence = [...record.body.prompt, ...sampled.slice(0, -1)];
  const oracle = oracleForward(record.body.model, [sequence], expectedSeed(this, record.body.model)).sequences[0];
  assert.ok(oracle !== undefined);
  const agreement = greedyOracleAgreement(record.body.prompt.length, sampled, oracle);
  this.attach(`${agreement.compared} of ${agreement.total} tokens compared with the oracle`, 'text/plain');
  assert.ok(agreement.compared > 0, 'no token was decisive enough to compare with the oracle');
  assert.deepEqual(agreement.problems, [], agreement.problems.join('\n'));
});

Then('the top-p nucleus decided at least one of its tokens', async function (this: ConformanceWorld) {
  // Non-vacuity: with topP 1 the rule would have drawn another token at some step, so top-p was observed.
  const record = lastRecord(this);
  const parameters = decodeParameters(record.body);
  const sampled = await checkDecodeRule(this, record);
  const logits = await runtimeNextLogits(this, record.body.model, record.body.prompt, sampled);
  const full = { ...parameters, topP: 1 };
  const differing = sampled.filter((_, i) => {
    const row = logits[i] ?? [];
    const { candidates, total } = samplingOrder(row, parameters.temperature);
    return nucleus(candidates, total, parameters.topP).length < candidates.length && pickToken(row, full, i) !== sampled[i];
  });
  assert.ok(differing.length > 0, 'no token of this scenario depends on topP; choose other decode options');
});

Then('the generation ends with {word} after {int} sampled token(s)', function (this: ConformanceWorld, reason: string, steps: number) {
  const { result } = lastRecord(this);
  assert.equal(result.finishReason, reason, 'finishReason');
  assert.equal(result.timing.steps, steps, 'timing.steps (sampled tokens)');
});

Then('the generation has {int} token(s)', function (this: ConformanceWorld, count: number) {
  assert.equal(lastRecord(this).result.tokens.length, count);
});

When(
  '{principal} generates {string} again with the stop sequences {string} taken from its tokens',
  async function (this: ConformanceWorld, who: Principal, label: string, ranges: string) {
    const earlier = recordNamed(this, label);
    // Ranges "a-b" of token indices (inclusive); the stop sequences are those tokens of the earlier output.
    const stop = ranges.split(',').map((r) => {
      const [a = 0, b = a] = r.trim().split('-').map(Number);
      return earlier.result.tokens.slice(a, b + 1);
    });
    const body: GenerateBody = { ...earlier.body, stop };
    await generateRecorded(this, who, body, `${label} with stop`);
  },
);

Then('the output is the tokens of {string} before the first completed stop sequence', function (this: ConformanceWorld, label: string) {
  const earlier = recordNamed(this, label).result.tokens;
  const { body, result } = lastRecord(this);
  const stop = body.stop ?? [];
  let expected: number[] | undefined;
  for (let n = 1; n <= earlier.length && expected === undefined; n += 1) {
    const match = matchedStop(earlier.slice(0, n), stop);
    if (match !== undefined) expected = earlier.slice(0, n - match.length);
  }
  assert.ok(expected !== undefined, 'no stop sequence occurs in the earlier output: the scenario is vacuous');
  assert.equal(result.finishReason, 'stop');
  assert.deepEqual(result.tokens, expected, 'output tokens with stop sequences');
  assert.equal(result.text, new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from(expected)), 'text of the stopped output');
  const stopLength = result.usage.completionTokens - expected.length;
  assert.ok(stop.some((s) => s.length === stopLength), `usage.completionTokens ${result.usage.completionTokens} is not the output plus a stop sequence`);
});

Then('the text is the UTF-8 decoding of the tokens, which include a byte above 127', function (this: ConformanceWorld) {
  const { result } = lastRecord(this);
  assert.ok(result.tokens.some((t) => t > 127), 'the completion holds only ASCII bytes: the scenario cannot tell decoders apart');
  assert.equal(result.text, new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from(result.tokens)));
});

When('these generations are released together from a paused scheduler:', async function (this: ConformanceWorld, table: DataTable) {
  const rows = table.hashes() as { label: string; who: string; model: string; prompt: string; options: string }[];
  await setScheduler(this, { paused: true });
  const pending = rows.map(async (row) => {
    const who: Principal = row.who === 'admin' ? { kind: 'admin' } : { kind: 'tenant', name: row.who };
    const body = bodyOf(row.model, row.prompt, row.options);
    return { row, who, body, response: await sendGenerate(this, who, body) };
  });
  await eventually(async () => ((await schedulerState(this)).queued === rows.length ? true : undefined), `${rows.length} requests queued`);
  await setScheduler(this, { paused: false });
  for (const { row, who, body, response } of await Promise.all(pending)) {
    remember(this, row.label, { who, body, result: acceptResult(this, response, body, `generation ${row.label}`) });
  }
  this.remembered.set('released labels', rows.map((r) => r.label));
});

Then('each of them gives the same tokens, text and finish reason when generated again alone', async function (this: ConformanceWorld) {
  for (const label of this.recall<string[]>('released labels')) {
    const together = recordNamed(this, label);
    const alone = await generateRecorded(this, together.who, together.body, `${label} alone`);
    assert.deepEqual(
      { tokens: alone.result.tokens, text: alone.result.text, finishReason: alone.result.finishReason },
      { tokens: together.result.tokens, text: together.result.text, finishReason: together.result.finishReason },
      `generation ${label} differs between the shared batch and running alone`,
    );
  }
});

Then('the queue steps of the released generations are {string}, each after {int} step(s)', function (this: ConformanceWorld, multiset: string, steps: number) {
  const results = this.recall<string[]>('released labels').map((label) => recordNamed(this, label).result);
  const queueSteps = results.map((r) => r.timing.queueSteps).sort((a, b) => a - b);
  assert.deepEqual(queueSteps, multiset.split(',').map((v) => Number(v.trim())), 'queueSteps of the released generations');
  for (const r of results) assert.equal(r.timing.steps, steps, 'timing.steps');
});

Then('the scheduler reads paused {word} and maxBatch {int}', async function (this: ConformanceWorld, paused: string, maxBatch: number) {
  const state = await schedulerState(this);
  assert.equal(state.paused, paused === 'true');
  assert.equal(state.maxBatch, maxBatch);
});
