import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseFaults, NO_FAULTS } from '../faults.ts';
import type { DescriptorV1 } from '../model/manifest-types.ts';
import { HserRouter, type RoutableModel } from './hser-router.ts';

// A hand-sized model: d=2, T=2, G=2, E=3, k = 2/1/2, one layer. Rows are listed explicitly so every score
// below can be checked by eye against x = [1, 0.5].
function model(tierRows: number[][], overrides: Partial<DescriptorV1> = {}): RoutableModel {
  const expert = Array.from({ length: 12 }, () => [0, 0]);
  expert[9] = [0.5, 0]; //  (t1,g1,e0): 0.5
  expert[10] = [0, 0.5]; // (t1,g1,e1): 0.25
  expert[11] = [1, 1]; //   (t1,g1,e2): 1.5
  expert[0] = [0, 0]; //    (t0,g0,e0): 0
  expert[1] = [0.125, 0]; // (t0,g0,e1): 0.125
  expert[2] = [-0.5, 0]; // (t0,g0,e2): -0.5
  const descriptor: DescriptorV1 = {
    family: 'litellm-conformance', formatVersion: 1, name: 'hand', seed: '5', dModel: 2, layers: 1,
    hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 3 }, topK: { tier: 2, group: 1, expert: 2 }, ...overrides,
  };
  return {
    id: 'hand',
    descriptor,
    layers: [{
      tier: Float32Array.from(tierRows.flat()),
      // group scores: (t0,g0) 1, (t0,g1) 0.5, (t1,g0) -1, (t1,g1) -0.5
      group: Float32Array.from([[1, 0], [0, 1], [-1, 0], [0, -1]].flat()),
      expert: Float32Array.from(expert.flat()),
    }],
  };
}

const X = Float64Array.from([1, 0.5]);
const TIERS = [[0.5, 0], [0.25, 1]]; // tier scores 0.5 and 0.75

function digestOf(entries: [number, number][], gateFirst = false): Buffer {
  const bytes = Buffer.alloc(entries.length * 12);
  entries.forEach(([id, gate], i) => {
    bytes.writeUInt32LE(id, i * 12 + (gateFirst ? 8 : 0));
    bytes.writeDoubleLE(gate, i * 12 + (gateFirst ? 0 : 4));
  });
  return createHash('sha256').update(bytes).digest();
}

test('hand-computed routing: ranks, scores, gate products, output order and digests', () => {
  const result = new HserRouter(NO_FAULTS).route(model(TIERS), 0, X, 1, '5');
  const tierTop = 1 / (1 + Math.exp(-0.25));
  const tierLow = Math.exp(-0.25) / (1 + Math.exp(-0.25));
  const expertTop = 1 / (1 + Math.exp(-1));
  const expertTop0 = 1 / (1 + Math.exp(-0.125));
  const token = result.tokens[0];
  assert.ok(token);
  assert.deepEqual(token.tiers, [{ tier: 1, score: 0.75, gate: tierTop }, { tier: 0, score: 0.5, gate: tierLow }]);
  assert.deepEqual(token.groups, [
    { tier: 1, group: 1, id: 3, score: -0.5, gate: 1 },
    { tier: 0, group: 0, id: 0, score: 1, gate: 1 },
  ]);
  const experts: [number, number, number, number, number][] = [
    [1, 2, 11, 1.5, tierTop * 1 * expertTop],
    [1, 0, 9, 0.5, tierTop * 1 * (Math.exp(-1) / (1 + Math.exp(-1)))],
    [0, 1, 1, 0.125, tierLow * 1 * expertTop0],
    [0, 0, 0, 0, tierLow * 1 * (Math.exp(-0.125) / (1 + Math.exp(-0.125)))],
  ];
  assert.deepEqual(token.experts, experts.map(([t, e, id, score, gate]) => ({ tier: t, group: t === 1 ? 1 : 0, expert: e, id, score, gate })));
  const tokenBytes = digestOf(experts.map(([, , id, , gate]) => [id, gate]));
  assert.equal(token.digest, tokenBytes.toString('hex'));
  assert.equal(result.digest, createHash('sha256').update(tokenBytes).digest('hex'));
  assert.equal(result.seed, '5');
});

test('tied tiers are separated by the seeded tie key; the seed decides and the index fallback does not', () => {
  const tied = model([[0.5, 0], [0.5, 0]], { topK: { tier: 1, group: 1, expert: 2 } });
  const winners = new Set<number>();
  for (let seed = 0; seed < 16; seed++) {
    const first = new HserRouter(NO_FAULTS).route(tied, 0, X, 1, String(seed));
    winners.add(first.tokens[0]?.tiers[0]?.tier ?? -1);
    const again = new HserRouter(NO_FAULTS).route(tied, 0, X, 1, String(seed));
    assert.equal(again.digest, first.digest, 'same seed, same result');
    const byIndex = new HserRouter(parseFaults(['routing.tiebreak'])).route(tied, 0, X, 1, String(seed));
    assert.equal(byIndex.tokens[0]?.tiers[0]?.tier, 0);
  }
  assert.deepEqual([...winners].sort(), [0, 1]);
});

test('routing.gate-product reports the expert softmax alone', () => {
  const token = new HserRouter(parseFaults(['routing.gate-product'])).route(model(TIERS), 0, X, 1, '5').tokens[0];
  assert.equal(token?.experts[0]?.gate, 1 / (1 + Math.exp(-1)));
});

test('routing.order lists experts by ascending id', () => {
  const token = new HserRouter(parseFaults(['routing.order'])).route(model(TIERS), 0, X, 1, '5').tokens[0];
  assert.deepEqual(token?.experts.map((e) => e.id), [0, 1, 9, 11]);
});

test('routing.batch-variant changes gates only for multi-token requests', () => {
  const two = Float64Array.from([1, 0.5, 1, 0.5]);
  const clean = new HserRouter(NO_FAULTS).route(model(TIERS), 0, two, 2, '5');
  const faulty = new HserRouter(parseFaults(['routing.batch-variant']));
  assert.equal(faulty.route(model(TIERS), 0, X, 1, '5').digest, new HserRouter(NO_FAULTS).route(model(TIERS), 0, X, 1, '5').digest);
  const batched = faulty.route(model(TIERS), 0, two, 2, '5');
  assert.equal(batched.tokens[0]?.tiers[0]?.gate, Math.fround(batched.tokens[0]?.tiers[0]?.gate ?? 0));
  assert.notEqual(batched.digest, clean.digest);
  // Without the fault a token's digest does not depend on the batch it came in.
  assert.equal(clean.tokens[0]?.digest, new HserRouter(NO_FAULTS).route(model(TIERS), 0, X, 1, '5').tokens[0]?.digest);
});

test('digest.order hashes the gate before the id', () => {
  const token = new HserRouter(parseFaults(['digest.order'])).route(model(TIERS), 0, X, 1, '5').tokens[0];
  const entries = (token?.experts ?? []).map((e): [number, number] => [e.id, e.gate]);
  assert.equal(token?.digest, digestOf(entries, true).toString('hex'));
});

test('a score that overflows binary64 is E_ROUTING_NOT_FINITE', () => {
  assert.throws(() => new HserRouter(NO_FAULTS).route(model(TIERS), 0, Float64Array.from([1.7e308, 1.7e308]), 1, '5'), {
    code: 'E_ROUTING_NOT_FINITE',
  });
});
