// Invariances of routing that hold whenever ties cannot decide a selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { routeToken } from './routing.ts';
import { permuteTensors, routingCaseArbitrary, tiesMatter, u64Arbitrary, type RoutingCase } from './routing-cases.ts';

const cases = routingCaseArbitrary({ min: 4, max: 12 });
const route = (c: RoutingCase) => routeToken(c.tensors, c.descriptor, 0, c.x, c.routingSeed);

function permutation(n: number): fc.Arbitrary<number[]> {
  const ids = Array.from({ length: n }, (_, i) => i);
  return fc.shuffledSubarray(ids, { minLength: n, maxLength: n });
}

const permutedCases = cases.chain((c) =>
  fc.tuple(fc.constant(c), permutation(c.descriptor.hierarchy.tiers), permutation(c.descriptor.hierarchy.expertsPerGroup)),
);

void test('permuting candidates in the weights permutes the selections accordingly', () => {
  fc.assert(
    fc.property(permutedCases, ([c, tierPerm, expertPerm]) => {
      const original = route(c);
      fc.pre(!tiesMatter(c, original));
      const permuted = routeToken(permuteTensors(c, tierPerm, expertPerm), c.descriptor, 0, c.x, c.routingSeed);
      const { groupsPerTier: G, expertsPerGroup: E } = c.descriptor.hierarchy;
      const mapTier = (t: number) => tierPerm[t] ?? -1;
      assert.deepEqual(permuted.tiers, original.tiers.map((t) => ({ ...t, tier: mapTier(t.tier) })));
      assert.deepEqual(permuted.groups, original.groups.map((g) => ({ ...g, tier: mapTier(g.tier), id: mapTier(g.tier) * G + g.group })));
      assert.deepEqual(
        permuted.experts.map(({ tier, group, expert, id, score, gate }) => ({ tier, group, expert, id, score, gate })),
        original.experts.map((e) => {
          const expert = expertPerm[e.expert] ?? -1;
          return { ...e, tier: mapTier(e.tier), expert, id: (mapTier(e.tier) * G + e.group) * E + expert };
        }),
      );
    }),
    { numRuns: 150 },
  );
});

void test('the routing seed never changes the route when no tie decides a selection', () => {
  fc.assert(
    fc.property(cases, u64Arbitrary, (c, otherSeed) => {
      const original = route(c);
      fc.pre(!tiesMatter(c, original));
      assert.deepEqual(routeToken(c.tensors, c.descriptor, 0, c.x, otherSeed), original);
    }),
    { numRuns: 150 },
  );
});
