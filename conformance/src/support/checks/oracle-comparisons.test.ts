import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceFixture } from '../../fixtures/index.ts';
import { inputMatrix, parseU64, routeBatch, type ExpectedRouteResult } from '../../oracle/index.ts';
import { checkTieOrder, compareGates, compareSelectedSets, compareTokenOrder } from './oracle-comparisons.ts';

function routed(name: string, first: number, count: number, seedText?: string): ExpectedRouteResult {
  const f = conformanceFixture(name);
  assert.ok(f);
  const seed = parseU64(seedText ?? f.descriptor.seed);
  return routeBatch(f.tensors, f.descriptor, 0, inputMatrix(f.descriptor.seed, first, count, f.descriptor.dModel), seed);
}

void test('sets, gates and token order agree with themselves and catch changes', () => {
  const expected = routed('cm-wide', 0, 8);
  assert.deepEqual(compareSelectedSets(expected, expected), []);
  assert.deepEqual(compareGates(expected, expected), []);
  assert.deepEqual(compareTokenOrder(expected, expected).problems, []);
  assert.ok(compareTokenOrder(expected, expected).distinctRoutes > 1);

  const reordered = structuredClone(expected);
  reordered.tokens.forEach((t) => t.experts.reverse());
  assert.deepEqual(compareSelectedSets(reordered, expected), [], 'order does not matter to the sets');
  assert.deepEqual(compareGates(reordered, expected), [], 'gates are matched by candidate');

  const swapped = structuredClone(expected);
  const e = swapped.tokens[0]?.experts[0];
  assert.ok(e);
  e.expert = (e.expert + 1) % 16;
  assert.ok(compareSelectedSets(swapped, expected).length > 0);
  assert.ok(compareGates(swapped, expected).length > 0);

  const nudged = structuredClone(expected);
  const g = nudged.tokens[2]?.groups[1];
  assert.ok(g);
  g.gate += 2 ** -30;
  assert.equal(compareGates(nudged, expected).length, 1);
  g.gate -= 2 ** -30 - 2 ** -45;
  assert.deepEqual(compareGates(nudged, expected), []);

  const rotated = structuredClone(expected);
  rotated.tokens.push(rotated.tokens.shift() ?? rotated.tokens[0]!);
  assert.ok(compareTokenOrder(rotated, expected).problems.length > 0);
  assert.ok(compareSelectedSets(structuredClone({ ...expected, tokens: expected.tokens.slice(1) }), expected).length > 0);
});

void test('tie order on cm-tie: seeded order passes, index order and the wrong straddle winner fail', () => {
  const f = conformanceFixture('cm-tie');
  assert.ok(f);
  const seed = parseU64(f.descriptor.seed);
  const both = routed('cm-tie', 0, 1);
  const ok = checkTieOrder(both, f.descriptor, 0, seed);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual([...ok.observed].sort(), ['expert', 'group', 'tier']);

  const byIndex = structuredClone(both);
  const t = byIndex.tokens[0];
  assert.ok(t);
  t.tiers.sort((a, b) => a.tier - b.tier);
  assert.ok(checkTieOrder(byIndex, f.descriptor, 0, seed).problems.some((p) => p.includes('tiers')));

  // Fixture input 24 selects one member of each tied pair: the one with the smaller tie key.
  const straddle = routed('cm-tie', 24, 1);
  const s = checkTieOrder(straddle, f.descriptor, 0, seed);
  assert.deepEqual(s.problems, []);
  assert.deepEqual([...s.observed].sort(), ['expert', 'group', 'tier']);
  const wrong = structuredClone(straddle);
  const tier = wrong.tokens[0]?.tiers.find((x) => x.tier === 2);
  assert.ok(tier);
  tier.tier = 0;
  assert.ok(checkTieOrder(wrong, f.descriptor, 0, seed).problems.some((p) => p.includes('selected instead')));

  // Another seed gives another order; judged under the wrong seed, some level disagrees.
  const other = routed('cm-tie', 0, 1, '1');
  assert.deepEqual(checkTieOrder(other, f.descriptor, 0, 1n).problems, []);
  assert.ok(checkTieOrder(other, f.descriptor, 0, seed).problems.length > 0);
  assert.deepEqual(checkTieOrder(both, f.descriptor, 1, seed).observed.size, 0, 'no ties in layer 1');
});
