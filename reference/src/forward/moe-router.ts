// HSER routing inside the forward pass (contract-core §2e): exactly SPEC-003's selection, ordering, tie keys and
// binary64 gates, except that scores are binary32 dot products (ascending index) of the normalised hidden vector,
// compared as binary32 values. Tier scores of all rows form one GEMM (every token scores every tier); group and
// expert scores depend on each token's own selections and are scored per token.
// A routing policy (SPEC-041, SPEC-042, SPEC-048) lowers k per level and masks tiers: a masked tier is neither scored
// nor selectable, and tie keys, candidate indices and ids stay the model's own.

import type { Descriptor } from '../model/manifest-types.ts';
import type { LayerWeights } from '../model/loader.ts';
import { RuntimeError } from '../errors.ts';
import { softmaxInto } from '../routing/softmax.ts';
import { selectTopK, TieKeys } from '../routing/top-k.ts';
import { kernelBackend } from '../native/native-kernels.ts';
import { dotRows, matmulRows } from './kernels.ts';
import { ROUTER, type Charge, type TokenLedger } from './token-ledger.ts';
import type { RoutingPolicy } from './forward-types.ts';

/** Deviations of masked routing; only fault switches of the budget area set them (absent: the conforming rule). */
export interface PolicyVariant {
  /** Every tier is scored (and charged) and masked ones are dropped afterwards. */
  scoreAllTiers?: boolean;
  /** Top-k over every tier, then each masked pick replaced by the lowest allowed tier not yet picked. */
  fallbackLowest?: boolean;
}

/** A routing policy as routeRows reads it: fault switches may attach a variant. */
export type RouterPolicy = RoutingPolicy & { readonly variant?: PolicyVariant };

/** The k per level a policy leaves, checked against the descriptor (1..k at each level, tier k ≤ allowed tiers). */
export function effectiveTopK(descriptor: Descriptor, policy: RouterPolicy | undefined): { tier: number; group: number; expert: number } {
  const k = descriptor.topK;
  if (policy === undefined) return k;
  const { tier, group, expert } = policy.topK;
  const allowed = policy.allowedTiers?.length ?? descriptor.hierarchy.tiers;
  const within = (value: number, most: number) => Number.isInteger(value) && value >= 1 && value <= most;
  if (!within(tier, Math.min(k.tier, allowed)) || !within(group, k.group) || !within(expert, k.expert)) {
    throw new RuntimeError('E_INTERNAL', `routing policy k ${tier}/${group}/${expert} is outside the model's ${k.tier}/${k.group}/${k.expert}`);
  }
  return policy.topK;
}

/** The allowed tiers when they are a strict subset of the model's, else null (no mask needed). */
function maskOf(descriptor: Descriptor, policy: RouterPolicy | undefined): readonly number[] | null {
  const allowed = policy?.allowedTiers ?? null;
  if (allowed === null) return null;
  const T = descriptor.hierarchy.tiers;
  if (allowed.some((t, i) => !Number.isInteger(t) || t < 0 || t >= T || (i > 0 && t <= allowed[i - 1]!)) || allowed.length === 0) {
    throw new RuntimeError('E_INTERNAL', `routing policy tiers ${allowed.join(',')} are not ascending distinct tiers of the model`);
  }
  return allowed.length === T ? null : allowed;
}

/** The routed experts of a batch of rows: `slots` entries per row, in SPEC-003 output order. */
export interface BatchRouting {
  rows: number;
  slots: number;
  tier: Int32Array;
  group: Int32Array;
  expert: Int32Array;
  /** Global expert id (t·G + g)·E + e. */
  id: Uint32Array;
  /** Product tier gate × group gate × expert softmax weight, binary64. */
  gate: Float64Array;
}

export function routeRows(
  descriptor: Descriptor, router: LayerWeights, layer: number, routingSeed: string,
  a: Float32Array, rows: number, ledger: TokenLedger, tokens: Int32Array, policy?: RouterPolicy,
): BatchRouting {
  const { dModel: d } = descriptor;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  // SPEC-041/042/048: the policy's k per level; without one, the descriptor's.
  const { tier: kT, group: kG, expert: kE } = effectiveTopK(descriptor, policy);
  const mask = maskOf(descriptor, policy);
  const variant = policy?.variant ?? {};
  const slots = kT * kG * kE;
  const result: BatchRouting = {
    rows, slots,
    tier: new Int32Array(rows * slots), group: new Int32Array(rows * slots), expert: new Int32Array(rows * slots),
    id: new Uint32Array(rows * slots), gate: new Float64Array(rows * slots),
  };
  const charge = { ledger, category: ROUTER, tokens };
  const { addon, isa } = kernelBackend();
  // The addon takes k through its shape array and the tier mask as a list; the faulty mask variants run here.
  if (addon !== null && variant.scoreAllTiers !== true && variant.fallbackLowest !== true) {
    const shape = Int32Array.of(d, T, G, E, kT, kG, kE);
    addon.routeRows(isa, shape, router.tier, router.group, router.expert, routingSeed, layer, a, rows,
      result.tier, result.group, result.expert, result.id, result.gate, Int32Array.from(mask ?? []));
    // What the scoring below executes for each row: every allowed tier row, the groups of each selected tier, the
    // experts of each selected group, d multiply-adds and d weights each.
    const terms = ((mask?.length ?? T) + kT * G + kT * kG * E) * d;
    for (let row = 0; row < rows; row++) {
      ledger.chargeMultiplyAdds(tokens[row]!, ROUTER, terms);
      ledger.chargeParameters(tokens[row]!, terms);
    }
    return result;
  }
  const tierScores32 = new Float32Array(rows * T);
  if (mask === null || variant.scoreAllTiers === true || variant.fallbackLowest === true) matmulRows(router.tier, 0, T, d, a, rows, tierScores32, charge);

  const ties = new TieKeys(routingSeed, layer);
  const scores = new Float64Array(Math.max(T, G, E));
  const maskedScratch = new Float64Array(mask === null ? 0 : T);
  const tierSel = new Int32Array(kT);
  const tierGates = new Float64Array(kT);
  const groupSel = new Int32Array(kG);
  const groupGates = new Float64Array(kG);
  const expertSel = new Int32Array(kE);
  const expertGates = new Float64Array(kE);
  for (let row = 0; row < rows; row++) {
    const token = tokens[row]!;
    const x = row * d;
    let slot = row * slots;
    for (let t = 0; t < T; t++) scores[t] = tierScores32[row * T + t]!;
    if (mask !== null) scoreAllowedTiers(router.tier, mask, T, d, a, x, scores, maskedScratch, charge, token, variant);
    ties.select('tier', '-');
    selectTopK(scores, T, kT, ties, tierSel, 0);
    if (mask !== null && variant.fallbackLowest === true) replaceMaskedPicks(tierSel, kT, mask);
    softmaxInto(scores, tierSel, 0, kT, tierGates);
    for (let a1 = 0; a1 < kT; a1++) {
      const t = tierSel[a1]!;
      dotRows(router.group, t * G, G, d, a, x, scores, 0, charge, token);
      ties.select('group', `${t}`);
      selectTopK(scores, G, kG, ties, groupSel, 0);
      softmaxInto(scores, groupSel, 0, kG, groupGates);
      for (let c = 0; c < kG; c++) {
        const g = groupSel[c]!;
        const pathGate = tierGates[a1]! * groupGates[c]!;
        dotRows(router.expert, (t * G + g) * E, E, d, a, x, scores, 0, charge, token);
        ties.select('expert', `${t}.${g}`);
        selectTopK(scores, E, kE, ties, expertSel, 0);
        softmaxInto(scores, expertSel, 0, kE, expertGates);
        for (let r = 0; r < kE; r++, slot++) {
          const e = expertSel[r]!;
          result.tier[slot] = t;
          result.group[slot] = g;
          result.expert[slot] = e;
          result.id[slot] = (t * G + g) * E + e;
          result.gate[slot] = pathGate * expertGates[r]!;
        }
      }
    }
  }
  return result;
}

/**
 * Tier scores of one row under a mask: each allowed tier scored (and charged) alone, every masked tier -Infinity so
 * that it ranks below every allowed one and is never among the first k (k ≤ allowed tiers).
 */
function scoreAllowedTiers(
  W: Float32Array, mask: readonly number[], T: number, d: number, a: Float32Array, x: number, scores: Float64Array,
  allowedScores: Float64Array, charge: Charge, token: number, variant: PolicyVariant,
): void {
  if (variant.fallbackLowest === true) return;
  if (variant.scoreAllTiers === true) for (const t of mask) allowedScores[t] = scores[t]!;
  else for (const t of mask) dotRows(W, t, 1, d, a, x, allowedScores, t, charge, token);
  scores.fill(-Infinity, 0, T);
  for (const t of mask) scores[t] = allowedScores[t]!;
}

/** The budget.mask-fallback-lowest deviation: each masked pick becomes the lowest allowed tier not yet picked. */
function replaceMaskedPicks(selection: Int32Array, k: number, mask: readonly number[]): void {
  const picked = new Set<number>();
  for (let r = 0; r < k; r++) if (mask.includes(selection[r]!)) picked.add(selection[r]!);
  for (let r = 0; r < k; r++) {
    if (mask.includes(selection[r]!)) continue;
    const spare = mask.find((t) => !picked.has(t))!;
    picked.add(spare);
    selection[r] = spare;
  }
}
