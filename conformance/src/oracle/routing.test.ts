import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasOracleCode } from './errors.ts';
import { tieKey } from './prng.ts';
import { routeBatch, routeToken, softmaxInRankOrder } from './routing.ts';
import { routeDigest, tokenDigest } from './digest.ts';
import { routerTensorName } from './weights.ts';
import { allScores, evaluatedSiblingSets, routingCaseArbitrary, type RoutingCase } from './routing-cases.ts';
import type { ModelDescriptor } from './types.ts';

const cases = routingCaseArbitrary({ min: 1, max: 12 });
const route = (c: RoutingCase) => routeToken(c.tensors, c.descriptor, 0, c.x, c.routingSeed);

function twoTierModel(tierRows: number[][]): { descriptor: ModelDescriptor; tensors: Map<string, Float32Array> } {
  const descriptor: ModelDescriptor = {
    family: 'litellm-conformance', formatVersion: 1, name: 'cm-hand', seed: '1', dModel: 2, layers: 1,
    hierarchy: { tiers: tierRows.length, groupsPerTier: 1, expertsPerGroup: 1 },
    topK: { tier: tierRows.length, group: 1, expert: 1 },
  };
  const tensors = new Map([
    [routerTensorName(0, 'tier'), new Float32Array(tierRows.flat())],
    [routerTensorName(0, 'group'), new Float32Array(2 * tierRows.length).fill(0.5)],
    [routerTensorName(0, 'expert'), new Float32Array(2 * tierRows.length).fill(0.25)],
  ]);
  return { descriptor, tensors };
}

void test('a hand-computed route: scores, rank order, softmax gates and gate products', () => {
  const { descriptor, tensors } = twoTierModel([[0, 0.5], [1, 0.5]]);
  const r = routeToken(tensors, descriptor, 0, [1, 0], 9n);
  assert.deepEqual(r.tiers.map((t) => [t.tier, t.score]), [[1, 1], [0, 0]]);
  const top = 1 / (1 + Math.exp(-1));
  assert.ok(Math.abs((r.tiers[0]?.gate ?? 0) - top) < 1e-15);
  assert.deepEqual(r.groups.map((g) => [g.tier, g.group, g.id, g.gate]), [[1, 0, 1, 1], [0, 0, 0, 1]]);
  assert.deepEqual(r.experts.map((e) => [e.id, e.gate]), [[1, r.tiers[0]?.gate], [0, r.tiers[1]?.gate]]);
  assert.deepEqual(softmaxInRankOrder([3]), [1]);
});

void test('an exact tie is ordered by tie key, then by index', () => {
  const { descriptor, tensors } = twoTierModel([[0.5, 0.5], [0.5, 0.5]]);
  let sawSeededSwap = false;
  for (let seed = 0n; seed < 32n; seed += 1n) {
    const order = routeToken(tensors, descriptor, 0, [1, 1], seed).tiers.map((t) => t.tier);
    const keys = [0, 1].map((i) => tieKey(seed, 0, 'tier', '-', i));
    assert.deepEqual(order, (keys[0] ?? 0n) < (keys[1] ?? 0n) ? [0, 1] : [1, 0]);
    sawSeededSwap ||= order[0] === 1;
  }
  assert.ok(sawSeededSwap, 'some seed must put index 1 first');
});

void test('misuse is rejected with routing codes', () => {
  const { descriptor, tensors } = twoTierModel([[0, 0]]);
  assert.throws(() => routeToken(tensors, descriptor, 1, [0, 0], 0n), (e) => hasOracleCode(e, 'E_ROUTING_LAYER'));
  assert.throws(() => routeToken(tensors, descriptor, 0, [0], 0n), (e) => hasOracleCode(e, 'E_ROUTING_SHAPE'));
  assert.throws(() => routeToken(tensors, descriptor, 0, [0, Number.NaN], 0n), (e) => hasOracleCode(e, 'E_ROUTING_NOT_FINITE'));
  assert.throws(() => routeBatch(tensors, descriptor, 0, [], 0n), (e) => hasOracleCode(e, 'E_ROUTING_SHAPE'));
  assert.throws(() => routeToken(new Map(), descriptor, 0, [0, 0], 0n), (e) => hasOracleCode(e, 'E_MODEL_FORMAT'));
});

void test('selected counts equal topK at every level, in the contract output order', () => {
  fc.assert(
    fc.property(cases, (c) => {
      const r = route(c);
      const k = c.descriptor.topK;
      assert.equal(r.tiers.length, k.tier);
      assert.equal(r.groups.length, k.tier * k.group);
      assert.equal(r.experts.length, k.tier * k.group * k.expert);
      // Groups follow tier rank; experts follow group output order.
      assert.deepEqual(r.groups.map((g) => g.tier), r.tiers.flatMap((t) => Array<number>(k.group).fill(t.tier)));
      assert.deepEqual(r.experts.map((e) => `${e.tier}.${e.group}`), r.groups.flatMap((g) => Array<string>(k.expert).fill(`${g.tier}.${g.group}`)));
      const { groupsPerTier: G, expertsPerGroup: E } = c.descriptor.hierarchy;
      for (const g of r.groups) assert.equal(g.id, g.tier * G + g.group);
      for (const e of r.experts) assert.equal(e.id, (e.tier * G + e.group) * E + e.expert);
    }),
  );
});

void test('selections are the top k by score and follow score, tie key, index order', () => {
  let tiesSeen = 0;
  fc.assert(
    fc.property(cases, (c) => {
      const r = route(c);
      for (const set of evaluatedSiblingSets(c, r)) {
        const scores = allScores(c, set.level);
        const base = set.rows[0] ?? 0;
        const key = (row: number) => tieKey(c.routingSeed, 0, set.level, set.parentPath, row - base);
        const expected = [...set.rows].sort((a, b) => {
          const sa = scores[a] ?? 0;
          const sb = scores[b] ?? 0;
          if (sa !== sb) return sb - sa;
          if (key(a) !== key(b)) return key(a) < key(b) ? -1 : 1;
          return a - b;
        });
        assert.deepEqual(set.selectedRows, expected.slice(0, set.selectedRows.length));
        const worstSelected = Math.min(...set.selectedRows.map((row) => scores[row] ?? 0));
        for (const row of set.rows) {
          if (!set.selectedRows.includes(row)) assert.ok((scores[row] ?? 0) <= worstSelected);
        }
        tiesSeen += set.rows.filter((a) => set.rows.some((b) => a !== b && scores[a] === scores[b])).length;
      }
    }),
    { numRuns: 200 },
  );
  assert.ok(tiesSeen > 0, 'the generated cases must include ties');
});

void test('reported scores are the exact dot products', () => {
  fc.assert(
    fc.property(cases, (c) => {
      const r = route(c);
      const tier = allScores(c, 'tier');
      const group = allScores(c, 'group');
      const expert = allScores(c, 'expert');
      for (const t of r.tiers) assert.equal(t.score, tier[t.tier]);
      for (const g of r.groups) assert.equal(g.score, group[g.id]);
      for (const e of r.experts) assert.equal(e.score, expert[e.id]);
    }),
  );
});

void test('gates at each level sum to 1 and expert gates are the products, summing to 1', () => {
  fc.assert(
    fc.property(cases, (c) => {
      const r = route(c);
      const near1 = (values: number[]) => Math.abs(values.reduce((a, b) => a + b, 0) - 1) <= 1e-12;
      assert.ok(near1(r.tiers.map((t) => t.gate)));
      for (const t of r.tiers) {
        const groups = r.groups.filter((g) => g.tier === t.tier);
        assert.ok(near1(groups.map((g) => g.gate)));
        for (const g of groups) {
          const experts = r.experts.filter((e) => e.tier === t.tier && e.group === g.group);
          const softmax = softmaxInRankOrder(experts.map((e) => e.score));
          experts.forEach((e, i) => assert.equal(e.gate, t.gate * g.gate * (softmax[i] ?? 0)));
          assert.ok(near1(softmax));
        }
      }
      assert.ok(near1(r.experts.map((e) => e.gate)));
    }),
  );
});

void test('batch results carry per-token digests and the route digest over them', () => {
  fc.assert(
    fc.property(cases, fc.integer({ min: 1, max: 4 }), (c, n) => {
      const hidden = Array.from({ length: n }, (_, i) => c.x.map((v, j) => ((i + j) % 3 === 0 ? v : -v)));
      const result = routeBatch(c.tensors, c.descriptor, 0, hidden, c.routingSeed);
      assert.equal(result.seed, c.routingSeed.toString());
      assert.equal(result.tokens.length, n);
      result.tokens.forEach((t) => assert.equal(t.digest, tokenDigest(t.experts)));
      assert.equal(result.digest, routeDigest(result.tokens.map((t) => t.digest)));
    }),
    { numRuns: 30 },
  );
});
