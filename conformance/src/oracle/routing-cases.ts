// Random routing cases for the oracle's property tests, plus an independent scorer they check the oracle against.
import fc from 'fast-check';
import { U64_MAX } from './prng.ts';
import { generateRouterTensors, inputVector, routerTensorMap, routerTensorName } from './weights.ts';
import type { ExpectedTokenRoute, ModelDescriptor, RouterTensors } from './types.ts';

export interface RoutingCase {
  descriptor: ModelDescriptor;
  tensors: RouterTensors;
  x: number[];
  routingSeed: bigint;
}

export const u64Arbitrary = fc.bigInt({ min: 0n, max: U64_MAX });

/** Small hierarchies with generated (dyadic) weights and a fixture input; small dModel makes ties frequent. */
export function routingCaseArbitrary(dModel: { min: number; max: number }): fc.Arbitrary<RoutingCase> {
  const dims = fc.record({
    d: fc.integer(dModel),
    tiers: fc.integer({ min: 1, max: 4 }),
    groups: fc.integer({ min: 1, max: 3 }),
    experts: fc.integer({ min: 1, max: 5 }),
  });
  return dims.chain(({ d, tiers, groups, experts }) =>
    fc
      .record({
        kTier: fc.integer({ min: 1, max: tiers }),
        kGroup: fc.integer({ min: 1, max: groups }),
        kExpert: fc.integer({ min: 1, max: experts }),
        modelSeed: u64Arbitrary,
        routingSeed: u64Arbitrary,
        input: fc.nat(10_000),
      })
      .map(({ kTier, kGroup, kExpert, modelSeed, routingSeed, input }) => {
        const descriptor: ModelDescriptor = {
          family: 'litellm-conformance',
          formatVersion: 1,
          name: 'cm-prop',
          seed: modelSeed.toString(),
          dModel: d,
          layers: 1,
          hierarchy: { tiers, groupsPerTier: groups, expertsPerGroup: experts },
          topK: { tier: kTier, group: kGroup, expert: kExpert },
        };
        const tensors = routerTensorMap(generateRouterTensors(descriptor));
        return { descriptor, tensors, x: inputVector(modelSeed, input, d), routingSeed };
      }),
  );
}

/** Scores of all rows of one layer-0 tensor, computed independently of routing.ts. */
export function allScores(c: RoutingCase, level: 'tier' | 'group' | 'expert'): number[] {
  const w = c.tensors.get(routerTensorName(0, level)) ?? new Float32Array();
  const d = c.descriptor.dModel;
  const scores: number[] = [];
  for (let row = 0; row * d < w.length; row += 1) {
    let s = 0;
    for (let j = 0; j < d; j += 1) s += (w[row * d + j] ?? 0) * (c.x[j] ?? 0);
    scores.push(s);
  }
  return scores;
}

/** A sibling set the route evaluated: the rows of its candidates and the rows it selected, in output order. */
export interface SiblingSet {
  level: 'tier' | 'group' | 'expert';
  parentPath: string;
  rows: number[];
  selectedRows: number[];
}

export function evaluatedSiblingSets(c: RoutingCase, route: ExpectedTokenRoute): SiblingSet[] {
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = c.descriptor.hierarchy;
  const range = (n: number, base: number) => Array.from({ length: n }, (_, i) => base + i);
  const sets: SiblingSet[] = [{ level: 'tier', parentPath: '-', rows: range(T, 0), selectedRows: route.tiers.map((t) => t.tier) }];
  for (const { tier } of route.tiers) {
    const selectedRows = route.groups.filter((g) => g.tier === tier).map((g) => g.id);
    sets.push({ level: 'group', parentPath: `${tier}`, rows: range(G, tier * G), selectedRows });
  }
  for (const { tier, group, id } of route.groups) {
    const selectedRows = route.experts.filter((e) => e.tier === tier && e.group === group).map((e) => e.id);
    sets.push({ level: 'expert', parentPath: `${tier}.${group}`, rows: range(E, id * E), selectedRows });
  }
  return sets;
}

/** True when some selected candidate shares its score with another candidate of its sibling set. */
export function tiesMatter(c: RoutingCase, route: ExpectedTokenRoute): boolean {
  return evaluatedSiblingSets(c, route).some((set) => {
    const scores = allScores(c, set.level);
    return set.selectedRows.some((s) => set.rows.some((r) => r !== s && scores[r] === scores[s]));
  });
}

/** Copy the layer-0 tensors with tier subtrees moved by `tierPerm` and experts moved by `expertPerm` in each group. */
export function permuteTensors(c: RoutingCase, tierPerm: readonly number[], expertPerm: readonly number[]): RouterTensors {
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = c.descriptor.hierarchy;
  const d = c.descriptor.dModel;
  const src = (level: 'tier' | 'group' | 'expert') => c.tensors.get(routerTensorName(0, level)) ?? new Float32Array();
  const tier = new Float32Array(T * d);
  const group = new Float32Array(T * G * d);
  const expert = new Float32Array(T * G * E * d);
  const copyRow = (to: Float32Array, toRow: number, from: Float32Array, fromRow: number) =>
    to.set(from.subarray(fromRow * d, fromRow * d + d), toRow * d);
  for (let t = 0; t < T; t += 1) {
    const nt = tierPerm[t] ?? t;
    copyRow(tier, nt, src('tier'), t);
    for (let g = 0; g < G; g += 1) {
      copyRow(group, nt * G + g, src('group'), t * G + g);
      for (let e = 0; e < E; e += 1) copyRow(expert, (nt * G + g) * E + (expertPerm[e] ?? e), src('expert'), (t * G + g) * E + e);
    }
  }
  return new Map([
    [routerTensorName(0, 'tier'), tier],
    [routerTensorName(0, 'group'), group],
    [routerTensorName(0, 'expert'), expert],
  ]);
}
