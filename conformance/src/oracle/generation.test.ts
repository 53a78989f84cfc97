import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  decode,
  decodeParameters,
  firstDeviation,
  greedyToken,
  matchedStop,
  nucleus,
  pickToken,
  sampleLabel,
  sampledToken,
  samplingOrder,
  sampleUniform,
} from './generation.ts';
import { streamKey, streamOutput } from './prng.ts';

test('the sample label names the seed and the token index in decimal', () => {
  assert.equal(sampleLabel(18446744073709551615n, 3), 'litellm/v1/sample/18446744073709551615/3');
});

test('u keeps the top 53 bits of output 0 of the sample stream', () => {
  const x = streamOutput(streamKey('litellm/v1/sample/7/2'), 0);
  const u = sampleUniform(7n, 2);
  assert.ok(u >= 0 && u < 1);
  assert.equal(BigInt(u * 2 ** 53), x >> 11n);
});

test('greedy picks the largest logit, ties to the lowest id', () => {
  assert.equal(greedyToken([0, 3, 1, 3]), 1);
  assert.equal(greedyToken([-5]), 0);
  assert.equal(greedyToken([2, 2, 2]), 0);
});

test('candidates are ordered by weight descending, then id ascending', () => {
  const { candidates, total } = samplingOrder([1, 2, 2, 0], 1);
  assert.deepEqual(candidates.map((c) => c.token), [1, 2, 0, 3]);
  assert.equal(candidates[0]?.weight, 1);
  assert.ok(Math.abs(total - (2 + Math.exp(-1) + Math.exp(-2))) < 1e-15);
});

test('the nucleus is the shortest prefix whose mass reaches topP', () => {
  const { candidates, total } = samplingOrder([Math.log(4), Math.log(2), Math.log(1), Math.log(1)], 1);
  // Weights 1, 1/2, 1/4, 1/4 of 2: fractions 1/2, 1/4, 1/8, 1/8.
  assert.deepEqual(nucleus(candidates, total, 0.5).map((c) => c.token), [0]);
  assert.deepEqual(nucleus(candidates, total, 0.6).map((c) => c.token), [0, 1]);
  assert.deepEqual(nucleus(candidates, total, 1).map((c) => c.token), [0, 1, 2, 3]);
});

test('a sampled token is the first kept candidate whose running weight exceeds u·S', () => {
  const logits = [0, Math.log(2), Math.log(4)];
  for (let seed = 0n; seed < 50n; seed += 1n) {
    // Weights after the max shift: id 2 → 1, id 1 → 1/2, id 0 → 1/4; S = 7/4.
    const r = sampleUniform(seed, 0) * 1.75;
    const expected = r < 1 ? 2 : r < 1.5 ? 1 : 0;
    assert.equal(sampledToken(logits, decodeParameters({ temperature: 1, seed: seed.toString() }), 0), expected, `seed ${seed}`);
  }
});

test('equal logits are drawn about uniformly across seeds', () => {
  const counts = [0, 0, 0, 0];
  for (let seed = 0; seed < 4000; seed += 1) {
    const token = sampledToken([1, 1, 1, 1], decodeParameters({ temperature: 0.5, seed: String(seed) }), 5);
    counts[token] = (counts[token] ?? 0) + 1;
  }
  for (const c of counts) assert.ok(c > 850 && c < 1150, `counts ${counts.join(',')}`);
});

test('a dominant logit is always picked, at any temperature and topP', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 9 }), fc.double({ min: 0.05, max: 2, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.nat(), (top, t, p, seed) => {
    const logits = Array.from({ length: 10 }, (_, i) => (i === top ? 1000 : 0));
    return sampledToken(logits, decodeParameters({ temperature: t, topP: p, seed: String(seed) }), 0) === top;
  }));
});

test('the longest matching stop sequence is the one removed', () => {
  assert.deepEqual(matchedStop([1, 2, 3], [[3], [2, 3], [9]]), [2, 3]);
  assert.equal(matchedStop([1, 2], [[3]]), undefined);
});

test('decode ends at maxTokens with length, or at a stop sequence which it leaves out', () => {
  const counting = (sequence: readonly number[]) => Array.from({ length: 8 }, (_, i) => (i === sequence.length % 8 ? 1 : 0));
  const long = decode([0], decodeParameters({ maxTokens: 5 }), counting);
  assert.deepEqual(long, { tokens: [1, 2, 3, 4, 5], sampled: [1, 2, 3, 4, 5], finishReason: 'length' });
  const stopped = decode([0], decodeParameters({ maxTokens: 5, stop: [[3, 4], [7]] }), counting);
  assert.deepEqual(stopped, { tokens: [1, 2], sampled: [1, 2, 3, 4], finishReason: 'stop' });
  assert.equal(decodeParameters({}).maxTokens, 16);
});

test('firstDeviation finds the first token the rule would not pick', () => {
  const rows = [[0, 1], [1, 0], [0, 1]];
  const parameters = decodeParameters({});
  assert.equal(firstDeviation([1, 0, 1], parameters, (i) => rows[i] ?? []), -1);
  assert.equal(firstDeviation([1, 1, 1], parameters, (i) => rows[i] ?? []), 1);
  assert.equal(pickToken([0, 1], parameters, 0), 1);
});
