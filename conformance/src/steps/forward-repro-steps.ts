// Forward reproducibility (SPEC-010 §4.13, SPEC-002 §4.3, SPEC-009): results remembered and compared bit for bit
// across repetition, reporting options, the forward delay, batch composition, prefixes, resets and states.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import {
  forward,
  forwardAgain,
  lastForward,
  lastForwardCall,
  parseForwardOptions,
  type ForwardCall,
  type ForwardResult,
} from '../support/forward-calls.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { assertSameJson } from '../support/checks/first-difference.ts';

const resultKey = (name: string) => `forward result:${name}`;
const callKey = (name: string) => `forward call:${name}`;

Then('the forward result is remembered as {string}', function (this: ConformanceWorld, name: string) {
  this.remembered.set(resultKey(name), lastForward(this));
  this.remembered.set(callKey(name), lastForwardCall(this));
});

When('{principal} repeats the forward request remembered as {string}', async function (this: ConformanceWorld, who: Principal, name: string) {
  await forward(this, who, this.recall<ForwardCall>(callKey(name)));
});

When(
  '{principal} repeats the forward request remembered as {string} with {string}',
  async function (this: ConformanceWorld, who: Principal, name: string, options: string) {
    const { model, sequences } = this.recall<ForwardCall>(callKey(name));
    await forward(this, who, { model, sequences, ...parseForwardOptions(options) });
  },
);

When(
  '{principal} repeats the forward request remembered as {string} while the runtime is drained',
  async function (this: ConformanceWorld, who: Principal, name: string) {
    const pending = forward(this, who, this.recall<ForwardCall>(callKey(name)));
    // The scenario's forward delay keeps the request in flight far longer than this pause (REQ-009-009).
    await new Promise((resolve) => setTimeout(resolve, 150));
    const drained = await this.api.request({ method: 'POST', path: '/v1/conformance/state', token: this.token('admin'), body: { transition: 'drain' } });
    await pending;
    assert.equal(drained.status, 200, `drain: ${drained.status} ${drained.text.slice(0, 300)}`);
  },
);

Then('the forward result is identical to the one remembered as {string}', function (this: ConformanceWorld, name: string) {
  assertSameJson(lastForward(this), this.recall<ForwardResult>(resultKey(name)), `the forward result differs from the one remembered as "${name}"`);
});

Then('the forward digests, FLOPs and reported logits equal those remembered as {string}', function (this: ConformanceWorld, name: string) {
  const [now, then] = [lastForward(this), this.recall<ForwardResult>(resultKey(name))];
  assert.equal(now.digest, then.digest, 'result digest');
  assert.equal(now.seed, then.seed, 'routing seed');
  now.sequences.forEach((s, i) => {
    assert.equal(s.digest, then.sequences[i]?.digest, `sequence ${i} digest`);
    s.tokens.forEach((t, p) => {
      const before = then.sequences[i]?.tokens[p];
      assert.equal(t.digest, before?.digest, `sequence ${i} position ${p} digest`);
      assert.deepEqual(t.flops, before?.flops, `sequence ${i} position ${p} flops`);
      assert.equal(t.parameterBytes, before?.parameterBytes, `sequence ${i} position ${p} parameterBytes`);
      // Bit for bit where both results report logits (deepStrictEqual compares numbers with Object.is).
      if (t.logits !== undefined && before?.logits !== undefined) assertSameJson(t.logits, before.logits, `sequence ${i} position ${p} logits`);
    });
  });
});

Then('the forward traces equal those remembered as {string}', function (this: ConformanceWorld, name: string) {
  const [now, then] = [lastForward(this), this.recall<ForwardResult>(resultKey(name))];
  const traces = (r: ForwardResult) => r.sequences.map((s) => s.tokens.map((t) => t.routes));
  assert.ok(traces(now).flat().every((r) => r !== undefined), 'the result has no trace');
  assertSameJson(traces(now), traces(then), 'traces');
});

Then('repeating that forward request {int} times gives identical results', async function (this: ConformanceWorld, times: number) {
  const first = lastForward(this);
  for (let n = 1; n <= times; n += 1) {
    assertSameJson(await forwardAgain(this, lastForwardCall(this), `POST /v1/forward (repetition ${n})`), first, `repetition ${n} differs`);
  }
});

const tokenDigests = (r: ForwardResult, i: number): string[] => (r.sequences[i]?.tokens ?? []).map((t) => t.digest);

Then('each of those sequences forwarded alone gives the same token digests', async function (this: ConformanceWorld) {
  const call = lastForwardCall(this);
  const batch = lastForward(this);
  assert.ok(call.sequences.length > 1, 'a request of one sequence says nothing about batch composition');
  for (const [i, sequence] of call.sequences.entries()) {
    const alone = await forwardAgain(this, { ...call, sequences: [sequence] }, `POST /v1/forward (sequence ${i} alone)`);
    assert.deepEqual(tokenDigests(alone, 0), tokenDigests(batch, i), `sequence ${i} alone differs from the same sequence in the batch`);
  }
});

/**
 * Companions of a sequence of `length` tokens: one of each other length among 1, 2, length + 1 and the longest
 * sequence sent (so none exceeds the model's maxSeq), built from the tokens sent.
 */
function companions(sequences: readonly number[][], length: number): number[][] {
  const pool = sequences.flat();
  const longest = Math.max(...sequences.map((s) => s.length));
  const lengths = [...new Set([1, 2, length + 1, longest].map((n) => Math.min(n, longest)))].filter((n) => n !== length);
  return lengths.map((n, k) => Array.from({ length: n }, (_, j) => pool[(j * 7 + k) % pool.length] ?? 0));
}

Then(
  'each of those sequences forwarded amid sequences of other lengths at every position gives the same token digests',
  async function (this: ConformanceWorld) {
    const call = lastForwardCall(this);
    const batch = lastForward(this);
    for (const [i, sequence] of call.sequences.entries()) {
      const others = companions(call.sequences, sequence.length);
      assert.ok(others.length > 0, `no companion of another length for sequence ${i}`);
      for (let at = 0; at <= others.length; at += 1) {
        const sequences = [...others.slice(0, at), sequence, ...others.slice(at)];
        const mixed = await forwardAgain(this, { ...call, sequences }, `POST /v1/forward (sequence ${i} at position ${at})`);
        assert.deepEqual(tokenDigests(mixed, at), tokenDigests(batch, i), `sequence ${i} at position ${at} among ${others.map((o) => o.length).join(', ')}-token sequences differs`);
      }
    }
  },
);

Then('the sequence results at positions {string} of the request are identical', function (this: ConformanceWorld, positions: string) {
  const result = lastForward(this);
  const [first, ...rest] = positions.split(',').map((p) => result.sequences[Number(p.trim())]);
  assert.ok(first !== undefined && rest.length > 0, `positions ${positions} are not in the result`);
  rest.forEach((s, k) => assertSameJson(s, first, `copy ${k + 1} differs from the first`));
});

Then('its prefixes of lengths {string} forwarded alone give the token digests of its first tokens', async function (this: ConformanceWorld, lengths: string) {
  const call = lastForwardCall(this);
  const full = tokenDigests(lastForward(this), 0);
  const sequence = call.sequences[0] ?? [];
  for (const m of lengths.split(',').map((n) => Number(n.trim()))) {
    assert.ok(m >= 1 && m < sequence.length, `a prefix of length ${m} of a ${sequence.length}-token sequence`);
    const prefix = await forwardAgain(this, { ...call, sequences: [sequence.slice(0, m)] }, `POST /v1/forward (prefix of ${m})`);
    assert.deepEqual(tokenDigests(prefix, 0), full.slice(0, m), `the prefix of length ${m} differs from the first ${m} tokens`);
  }
});
