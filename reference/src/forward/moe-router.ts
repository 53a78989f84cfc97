// HSER routing inside the forward pass (contract-core §2e): exactly SPEC-003's selection, ordering, tie keys and
// binary64 gates, except that scores are binary32 dot products (ascending index) of the normalised hidden vector,
// compared as binary32 values. Tier scores of all rows form one GEMM (every token scores every tier); group and
// expert scores depend on each token's own selections and are scored per token.

import type { Descriptor } from '../model/manifest-types.ts';
import type { LayerWeights } from '../model/loader.ts';
import { softmaxInto } from '../routing/softmax.ts';
import { selectTopK, TieKeys } from '../routing/top-k.ts';
import { kernelBackend } from '../native/native-kernels.ts';
import { dotRows, matmulRows } from './kernels.ts';
import { ROUTER, type TokenLedger } from './token-ledger.ts';

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
  a: Float32Array, rows: number, ledger: TokenLedger, tokens: Int32Array,
): BatchRouting {
  const { dModel: d } = descriptor;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  const { tier: kT, group: kG, expert: kE } = descriptor.topK;
  const slots = kT * kG * kE;
  const result: BatchRouting = {
    rows, slots,
    tier: new Int32Array(rows * slots), group: new Int32Array(rows * slots), expert: new Int32Array(rows * slots),
    id: new Uint32Array(rows * slots), gate: new Float64Array(rows * slots),
  };
  const charge = { ledger, category: ROUTER, tokens };
  const { addon, isa } = kernelBackend();
  if (addon !== null) {
    const shape = Int32Array.of(d, T, G, E, kT, kG, kE);
    addon.routeRows(isa, shape, router.tier, router.group, router.expert, routingSeed, layer, a, rows,
      result.tier, result.group, result.expert, result.id, result.gate);
    // What the scoring below executes for each row: every tier row, the groups of each selected tier, the experts
    // of each selected group, d multiply-adds and d weights each.
    const terms = (T + kT * G + kT * kG * E) * d;
    for (let row = 0; row < rows; row++) {
      ledger.chargeMultiplyAdds(tokens[row]!, ROUTER, terms);
      ledger.chargeParameters(tokens[row]!, terms);
    }
    return result;
  }
  const tierScores32 = new Float32Array(rows * T);
  matmulRows(router.tier, 0, T, d, a, rows, tierScores32, charge);

  const ties = new TieKeys(routingSeed, layer);
  const scores = new Float64Array(Math.max(T, G, E));
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
    ties.select('tier', '-');
    selectTopK(scores, T, kT, ties, tierSel, 0);
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
