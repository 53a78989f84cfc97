import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expectedBatches, expertsOfRows } from './dispatch.ts';
import { PrefetchSimulation, rankByCount } from './dispatch-prefetch.ts';
import { TierPolicy } from './tier-policy.ts';

test('expectedBatches: experts ascending, rows ascending, runs split into batches of the capacity', () => {
  const rows = [[4, 1], [1, 2], [4, 2], [1, 4]];
  assert.deepEqual(expectedBatches(rows, null), [
    { expert: 1, rows: [0, 1, 3] }, { expert: 2, rows: [1, 2] }, { expert: 4, rows: [0, 2, 3] },
  ]);
  assert.deepEqual(expectedBatches(rows, 2), [
    { expert: 1, rows: [0, 1] }, { expert: 1, rows: [3] }, { expert: 2, rows: [1, 2] }, { expert: 4, rows: [0, 2] }, { expert: 4, rows: [3] },
  ]);
});

test('expectedBatches: every routed pair appears once, whatever the capacity', () => {
  const routes = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 20 });
  fc.assert(fc.property(routes, fc.integer({ min: 1, max: 6 }), (rows, capacity) => {
    const batches = expectedBatches(rows, capacity);
    const pairs = batches.flatMap((b) => b.rows.map((row) => `${row}/${b.expert}`)).sort();
    const routed = rows.flatMap((experts, row) => experts.map((e) => `${row}/${e}`)).sort();
    return JSON.stringify(pairs) === JSON.stringify(routed) && batches.every((b) => b.rows.length <= capacity);
  }));
});

test('expertsOfRows: rows follow sequences in order and tokens in position order', () => {
  const token = (ids: number[][]) => ({ routes: ids.map((experts, layer) => ({ layer, experts: experts.map((id) => ({ id })) })) });
  const sequences = [{ tokens: [token([[1], [2]]), token([[3], [4]])] }, { tokens: [token([[5], [6]])] }];
  assert.deepEqual(expertsOfRows(sequences, 2), [[[1], [3], [5]], [[2], [4], [6]]]);
});

test('rankByCount: most frequent first, ties by ascending id', () => {
  assert.deepEqual(rankByCount([7, 3, 7, 1, 3, 9]), [3, 7, 1, 9]);
});

test('PrefetchSimulation: a prefetch is one request after each layer but the last; its figures follow the trace', () => {
  const policy = new TierPolicy({ slots: 8, warmExperts: 0, coldFiles: Infinity, expertBytes: 1 });
  const simulation = new PrefetchSimulation(policy, 3);
  // Layer 1 uses 2 and 5; 2 was predicted and staged; 9 was staged for nothing; 4 was predicted, already hot.
  policy.forward([[], [4]]);
  const staged = simulation.pass([[0, 1], [2, 4, 5]], [null, [2, 9, 4]]);
  assert.deepEqual(staged, [null, [2, 9]]);
  assert.deepEqual(simulation.figures(), { experts: 3, predicted: 3, staged: 2, hits: 2, wasted: 1, needed: 3, recall: 2 / 3 });
  const hot = policy.residency().filter((e) => e.tier === 'hot').map((e) => `${e.layer}/${e.expert}`);
  assert.deepEqual(hot, ['0/0', '0/1', '1/2', '1/4', '1/5', '1/9']);
  // Requests: the setup's, layer 0, the prefetch (2 and 9 missed), layer 1 (2 and 4 hot, 5 missed).
  assert.deepEqual([policy.figures().counters.misses, policy.figures().counters.hits.hot], [6, 2]);
});

test('PrefetchSimulation: the staged experts are limited to the unpinned slots', () => {
  const policy = new TierPolicy({ slots: 3, warmExperts: 0, coldFiles: Infinity, expertBytes: 1 });
  assert.equal(policy.pin({ layer: 0, expert: 7 }), 'pinned');
  const simulation = new PrefetchSimulation(policy, 4);
  assert.deepEqual(simulation.pass([[1], [3]], [null, [6, 5, 3, 2]]), [null, [5, 6]]);
  assert.ok(policy.residency().some((e) => e.layer === 0 && e.expert === 7 && e.pinned));
});
