// HSER routing inside the forward pass (contract-core §2 step 2e): SPEC-003 selection and gates, with scores that
// are dot products in the arithmetic's operation order, plus the margins the comparison policy needs.
import { dot, type Arithmetic } from './arithmetic.ts';
import { tieKey, tieParentPath, type RoutingLevel } from './prng.ts';
import { compareCandidates, softmaxInRankOrder, type RankedCandidate } from './routing.ts';
import { requireTensor, type ForwardModel, type LevelMargin, type RouteMargins, type TraceExpert } from './forward-types.ts';

interface LevelContext {
  ar: Arithmetic;
  weights: Float32Array;
  a: readonly number[];
  routingSeed: bigint;
  layer: number;
  level: RoutingLevel;
}

/** Candidates i = 0..rows.length-1 (tensor rows `rows[i]`) in SPEC-003 rank order. */
function rank(ctx: LevelContext, rows: readonly number[], parentPath: string): RankedCandidate[] {
  const d = ctx.a.length;
  return rows
    .map((row, index) => ({
      index,
      score: dot(ctx.ar, ctx.weights, row * d, ctx.a, d),
      tieKey: tieKey(ctx.routingSeed, ctx.layer, ctx.level, parentPath, index),
    }))
    .sort(compareCandidates);
}

/** Margins of one ranked sibling set whose first k are selected. */
export function siblingMargin(ranked: readonly { score: number }[], k: number): LevelMargin {
  const score = (i: number) => ranked[i]?.score ?? Number.NaN;
  const selection = k < ranked.length ? score(k - 1) - score(k) : Number.POSITIVE_INFINITY;
  let order = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < k; i += 1) order = Math.min(order, score(i) - score(i + 1));
  return { selection, order };
}

function combine(into: LevelMargin, m: LevelMargin): void {
  into.selection = Math.min(into.selection, m.selection);
  into.order = Math.min(into.order, m.order);
}

function unbounded(): LevelMargin {
  return { selection: Number.POSITIVE_INFINITY, order: Number.POSITIVE_INFINITY };
}

function range(n: number, base: number): number[] {
  return Array.from({ length: n }, (_, i) => base + i);
}

/** Route the ffn-normalised vector `a` of one token at `layer`. */
export function routeForward(
  ar: Arithmetic,
  model: ForwardModel,
  layer: number,
  a: readonly number[],
  routingSeed: bigint,
): { experts: TraceExpert[]; margins: RouteMargins } {
  const { dModel: d, hierarchy, topK: k } = model.descriptor;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = hierarchy;
  const level = (name: RoutingLevel, rows: number): LevelContext => ({
    ar, a, routingSeed, layer, level: name,
    weights: requireTensor(model, `layers.${layer}.router.${name}.weight`, rows * d),
  });
  const tierCtx = level('tier', T);
  const groupCtx = level('group', T * G);
  const expertCtx = level('expert', T * G * E);
  const margins: RouteMargins = { tier: unbounded(), group: unbounded(), expert: unbounded() };

  const tiers = rank(tierCtx, range(T, 0), tieParentPath('tier'));
  combine(margins.tier, siblingMargin(tiers, k.tier));
  const tierTop = tiers.slice(0, k.tier);
  const tierGates = softmaxInRankOrder(tierTop.map((c) => c.score));
  const parents: { t: number; g: number; gate: number }[] = [];
  tierTop.forEach((tc, ti) => {
    const groups = rank(groupCtx, range(G, tc.index * G), tieParentPath('group', tc.index));
    combine(margins.group, siblingMargin(groups, k.group));
    const groupTop = groups.slice(0, k.group);
    const groupGates = softmaxInRankOrder(groupTop.map((c) => c.score));
    groupTop.forEach((gc, gi) => parents.push({ t: tc.index, g: gc.index, gate: (tierGates[ti] ?? Number.NaN) * (groupGates[gi] ?? Number.NaN) }));
  });
  // Experts in output order: selected tier rank, then group rank, then expert rank (SPEC-003).
  const experts: TraceExpert[] = [];
  for (const { t, g, gate } of parents) {
    const ranked = rank(expertCtx, range(E, (t * G + g) * E), tieParentPath('expert', t, g));
    combine(margins.expert, siblingMargin(ranked, k.expert));
    const top = ranked.slice(0, k.expert);
    const gates = softmaxInRankOrder(top.map((c) => c.score));
    top.forEach((ec, ei) => {
      experts.push({ tier: t, group: g, expert: ec.index, id: (t * G + g) * E + ec.index, gate: gate * (gates[ei] ?? Number.NaN) });
    });
  }
  return { experts, margins };
}
