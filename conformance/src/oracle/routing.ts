// HSER routing of SPEC-003, the oracle's plain version: score every candidate, sort, take the top k, softmax.
import { OracleError } from './errors.ts';
import { routeDigest, tokenDigest } from './digest.ts';
import { tieKey, tieParentPath, type RoutingLevel } from './prng.ts';
import { routerTensorName } from './weights.ts';
import type { ExpectedRouteResult, ExpectedTokenRoute, RouterDescriptor, RouterTensors } from './types.ts';

/** One scored candidate within a sibling set. */
export interface RankedCandidate {
  index: number;
  score: number;
  tieKey: bigint;
}

/** Row `row` of a row-major [rows, d] matrix dotted with x, summed in float64 in element order. */
export function rowScore(weights: Float32Array, row: number, x: readonly number[]): number {
  const d = x.length;
  let sum = 0;
  for (let j = 0; j < d; j += 1) sum += (weights[row * d + j] ?? Number.NaN) * (x[j] ?? Number.NaN);
  return sum;
}

/** SPEC-003 ordering: score descending, then tie key ascending, then candidate index ascending. */
export function compareCandidates(a: RankedCandidate, b: RankedCandidate): number {
  if (a.score !== b.score) return a.score > b.score ? -1 : 1;
  if (a.tieKey !== b.tieKey) return a.tieKey < b.tieKey ? -1 : 1;
  return a.index - b.index;
}

/**
 * Rank the candidates of one sibling set: `rows[i]` is the tensor row of candidate index i.
 * Returns all candidates in rank order; the caller keeps the first k.
 */
export function rankCandidates(
  weights: Float32Array,
  rows: readonly number[],
  x: readonly number[],
  tie: { routingSeed: bigint; layer: number; level: RoutingLevel; parentPath: string },
): RankedCandidate[] {
  const candidates = rows.map((row, index) => ({
    index,
    score: rowScore(weights, row, x),
    tieKey: tieKey(tie.routingSeed, tie.layer, tie.level, tie.parentPath, index),
  }));
  return candidates.sort(compareCandidates);
}

/** Softmax in binary64 over scores given in rank order: exp(s_i - max) / Σ_j exp(s_j - max), Σ in rank order. */
export function softmaxInRankOrder(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  let sum = 0;
  for (const e of exps) sum += e;
  return exps.map((e) => e / sum);
}

function tensorOf(tensors: RouterTensors, layer: number, level: RoutingLevel, expectedLength: number): Float32Array {
  const name = routerTensorName(layer, level);
  const data = tensors.get(name);
  if (data === undefined) throw new OracleError('E_MODEL_FORMAT', `missing tensor ${name}`);
  if (data.length !== expectedLength) throw new OracleError('E_MODEL_FORMAT', `tensor ${name} has ${data.length} elements, expected ${expectedLength}`);
  return data;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Route one hidden vector through layer `layer` under `routingSeed`. */
export function routeToken(
  tensors: RouterTensors,
  descriptor: RouterDescriptor,
  layer: number,
  x: readonly number[],
  routingSeed: bigint,
): ExpectedTokenRoute {
  const d = descriptor.dModel;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  const k = descriptor.topK;
  if (!Number.isInteger(layer) || layer < 0 || layer >= descriptor.layers) throw new OracleError('E_ROUTING_LAYER', `layer ${layer} out of range`);
  if (x.length !== d) throw new OracleError('E_ROUTING_SHAPE', `hidden vector has ${x.length} elements, expected ${d}`);
  if (!x.every((v) => Number.isFinite(v))) throw new OracleError('E_ROUTING_NOT_FINITE', 'hidden vector has a non-finite element');
  const wTier = tensorOf(tensors, layer, 'tier', T * d);
  const wGroup = tensorOf(tensors, layer, 'group', T * G * d);
  const wExpert = tensorOf(tensors, layer, 'expert', T * G * E * d);
  const tieContext = (level: RoutingLevel, t?: number, g?: number) => ({
    routingSeed, layer, level, parentPath: tieParentPath(level, t, g),
  });

  const route: ExpectedTokenRoute = { tiers: [], groups: [], experts: [], digest: '' };
  const tierTop = rankCandidates(wTier, range(T), x, tieContext('tier')).slice(0, k.tier);
  const tierGates = softmaxInRankOrder(tierTop.map((c) => c.score));
  const selectedGroups: { t: number; g: number; gate: number }[] = [];
  tierTop.forEach((tc, ti) => {
    const tierGate = tierGates[ti] ?? Number.NaN;
    route.tiers.push({ tier: tc.index, score: tc.score, gate: tierGate });
    const groupRows = range(G).map((g) => tc.index * G + g);
    const groupTop = rankCandidates(wGroup, groupRows, x, tieContext('group', tc.index)).slice(0, k.group);
    const groupGates = softmaxInRankOrder(groupTop.map((c) => c.score));
    groupTop.forEach((gc, gi) => {
      const groupGate = groupGates[gi] ?? Number.NaN;
      route.groups.push({ tier: tc.index, group: gc.index, id: tc.index * G + gc.index, score: gc.score, gate: groupGate });
      selectedGroups.push({ t: tc.index, g: gc.index, gate: tierGate * groupGate });
    });
  });
  // Experts follow the groups' output order: selected tier rank, then group rank, then expert rank.
  for (const { t, g, gate: parentGate } of selectedGroups) {
    const expertRows = range(E).map((e) => (t * G + g) * E + e);
    const expertTop = rankCandidates(wExpert, expertRows, x, tieContext('expert', t, g)).slice(0, k.expert);
    const expertGates = softmaxInRankOrder(expertTop.map((c) => c.score));
    expertTop.forEach((ec, ei) => {
      // SPEC-003 gate product, multiplied as (tier × group) × expert in binary64.
      const gate = parentGate * (expertGates[ei] ?? Number.NaN);
      route.experts.push({ tier: t, group: g, expert: ec.index, id: (t * G + g) * E + ec.index, score: ec.score, gate });
    });
  }
  route.digest = tokenDigest(route.experts);
  return route;
}

/** Route a batch of hidden vectors: the expected RouteResult of POST /v1/route. */
export function routeBatch(
  tensors: RouterTensors,
  descriptor: RouterDescriptor,
  layer: number,
  hidden: readonly (readonly number[])[],
  routingSeed: bigint,
): ExpectedRouteResult {
  if (hidden.length === 0) throw new OracleError('E_ROUTING_SHAPE', 'hidden has no rows');
  const tokens = hidden.map((x) => routeToken(tensors, descriptor, layer, x, routingSeed));
  return {
    model: descriptor.name,
    layer,
    seed: routingSeed.toString(),
    tokens,
    digest: routeDigest(tokens.map((t) => t.digest)),
  };
}

/** A routing policy (SPEC-041 §4.3): the k used at each level and the tiers that may be selected (null: all). */
export interface OracleRoutingPolicy {
  readonly topK: { readonly tier: number; readonly group: number; readonly expert: number };
  readonly allowedTiers: readonly number[] | null;
}

/** One selected expert under a policy, with the path gate product of SPEC-003 §4.3. */
export interface PolicyExpert {
  tier: number;
  group: number;
  expert: number;
  id: number;
  gate: number;
}

/** Smallest score gaps of the sibling sets evaluated: `selection` (k-th vs next), `order` (among the selected). */
export interface PolicyMargins {
  tier: { selection: number; order: number };
  group: { selection: number; order: number };
  expert: { selection: number; order: number };
}

function gapsOf(ranked: readonly RankedCandidate[], k: number, into: { selection: number; order: number }): void {
  if (k < ranked.length) into.selection = Math.min(into.selection, (ranked[k - 1]?.score ?? Number.NaN) - (ranked[k]?.score ?? Number.NaN));
  for (let i = 0; i + 1 < k; i += 1) into.order = Math.min(into.order, (ranked[i]?.score ?? Number.NaN) - (ranked[i + 1]?.score ?? Number.NaN));
}

/**
 * HSER selection under a routing policy (SPEC-041 §4.3, SPEC-003 §4.2): only the allowed tiers are candidates, each
 * keeping its own index for the tie key and the ids; groups and experts as SPEC-003 with the policy's k.
 * `score(level, row)` is the score of tensor row `row` of that level's router; margins are over the candidates
 * actually ranked (the allowed tiers, the groups of selected tiers, the experts of selected groups).
 */
export function selectUnderPolicy(
  hierarchy: { tiers: number; groupsPerTier: number; expertsPerGroup: number },
  policy: OracleRoutingPolicy,
  score: (level: RoutingLevel, row: number) => number,
  tie: { routingSeed: bigint; layer: number },
): { experts: PolicyExpert[]; margins: PolicyMargins } {
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = hierarchy;
  const k = policy.topK;
  const margins: PolicyMargins = {
    tier: { selection: Infinity, order: Infinity }, group: { selection: Infinity, order: Infinity }, expert: { selection: Infinity, order: Infinity },
  };
  const rankOf = (level: RoutingLevel, indices: readonly number[], rowOf: (i: number) => number, t?: number, g?: number) =>
    indices
      .map((index) => ({ index, score: score(level, rowOf(index)), tieKey: tieKey(tie.routingSeed, tie.layer, level, tieParentPath(level, t, g), index) }))
      .sort(compareCandidates);
  const allowed = policy.allowedTiers ?? range(T);
  const tiers = rankOf('tier', allowed, (t) => t);
  gapsOf(tiers, k.tier, margins.tier);
  const tierTop = tiers.slice(0, k.tier);
  const tierGates = softmaxInRankOrder(tierTop.map((c) => c.score));
  const parents: { t: number; g: number; gate: number }[] = [];
  tierTop.forEach((tc, ti) => {
    const groups = rankOf('group', range(G), (g) => tc.index * G + g, tc.index);
    gapsOf(groups, k.group, margins.group);
    const groupTop = groups.slice(0, k.group);
    const groupGates = softmaxInRankOrder(groupTop.map((c) => c.score));
    groupTop.forEach((gc, gi) => parents.push({ t: tc.index, g: gc.index, gate: (tierGates[ti] ?? Number.NaN) * (groupGates[gi] ?? Number.NaN) }));
  });
  const experts: PolicyExpert[] = [];
  for (const { t, g, gate } of parents) {
    const ranked = rankOf('expert', range(E), (e) => (t * G + g) * E + e, t, g);
    gapsOf(ranked, k.expert, margins.expert);
    const top = ranked.slice(0, k.expert);
    const gates = softmaxInRankOrder(top.map((c) => c.score));
    top.forEach((ec, ei) => experts.push({ tier: t, group: g, expert: ec.index, id: (t * G + g) * E + ec.index, gate: gate * (gates[ei] ?? Number.NaN) }));
  }
  return { experts, margins };
}
