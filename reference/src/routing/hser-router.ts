// Hierarchical routing Tier -> Group -> Expert (SPEC-003, ARCHITECTURE.md §4). For one hidden vector x at layer l:
// tier scores <W_tier[t], x>, top k_tier; for each selected tier its group scores, top k_group; for each selected
// group its expert scores, top k_expert. Gates are per-level softmax weights; an expert's gate is the product
// tier x group x expert. Scores use binary64 dot products in index order (exact for dyadic inputs and weights).

import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { LayerWeights } from '../model/loader.ts';
import type { Descriptor } from '../model/manifest-types.ts';
import { resultDigest, tokenDigest } from '../numeric/route-digest.ts';
import type { ExpertChoice, GroupChoice, RouteResult, TierChoice, TokenRoute } from './route-types.ts';
import { softmaxInto } from './softmax.ts';
import { selectTopK, TieKeys } from './top-k.ts';

export interface RoutableModel {
  id: string;
  descriptor: Descriptor;
  layers: LayerWeights[];
}

/** scores[r] = <weights row (firstRow + r), x> for r in 0..rows-1, x = hidden[xOffset .. xOffset+d). */
function scoreRows(
  weights: Float32Array, firstRow: number, rows: number, d: number,
  hidden: Float64Array, xOffset: number, scores: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const base = (firstRow + r) * d;
    let sum = 0;
    for (let j = 0; j < d; j++) sum += (weights[base + j] ?? 0) * (hidden[xOffset + j] ?? 0);
    // Finite inputs can still overflow in a product or sum; a non-finite score has no rank.
    if (!Number.isFinite(sum)) throw new RuntimeError('E_ROUTING_NOT_FINITE', 'a router score overflowed binary64');
    scores[r] = sum;
  }
}

export class HserRouter {
  private readonly tieBreakByIndex: boolean;
  private readonly gateIsExpertOnly: boolean;
  private readonly expertsById: boolean;
  private readonly batchVariantGates: boolean;
  private readonly digestGateFirst: boolean;

  constructor(faults: FaultSet) {
    // FAULT routing.tiebreak: equal scores ordered by candidate index, ignoring the seeded tie keys.
    this.tieBreakByIndex = faults.has('routing.tiebreak');
    // FAULT routing.gate-product: an expert's gate is its own softmax weight only.
    this.gateIsExpertOnly = faults.has('routing.gate-product');
    // FAULT routing.order: experts emitted by ascending global id instead of rank order.
    this.expertsById = faults.has('routing.order');
    // FAULT routing.batch-variant: binary32 gates whenever a request holds more than one token.
    this.batchVariantGates = faults.has('routing.batch-variant');
    // FAULT digest.order: the token digest hashes each gate before its expert id.
    this.digestGateFirst = faults.has('digest.order');
  }

  /** Routes tokenCount hidden vectors (row-major in `hidden`) through `layer`, already validated by the caller. */
  route(model: RoutableModel, layer: number, hidden: Float64Array, tokenCount: number, seed: string): RouteResult {
    const weights = model.layers[layer];
    if (weights === undefined) throw new RuntimeError('E_ROUTING_LAYER', `layer ${layer} is out of range`);
    const { dModel: d, hierarchy, topK } = model.descriptor;
    const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = hierarchy;
    const kT = topK.tier;
    const kG = topK.group;
    const kE = topK.expert;
    const binary32 = this.batchVariantGates && tokenCount > 1;
    const ties = this.tieBreakByIndex ? null : new TieKeys(seed, layer);

    const scores = new Float64Array(Math.max(T, G, E));
    const tierSel = new Int32Array(kT);
    const tierGates = new Float64Array(kT);
    const groupSel = new Int32Array(kG);
    const groupGates = new Float64Array(kG);
    const expertSel = new Int32Array(kE);
    const expertGates = new Float64Array(kE);
    const slots = kT * kG * kE;
    const ids = new Uint32Array(slots);
    const gates = new Float64Array(slots);
    const tokens: TokenRoute[] = [];
    const digests: Buffer[] = [];

    for (let token = 0; token < tokenCount; token++) {
      const x = token * d;
      const tiersOut: TierChoice[] = [];
      const groupsOut: GroupChoice[] = [];
      const expertsOut: ExpertChoice[] = [];

      scoreRows(weights.tier, 0, T, d, hidden, x, scores);
      ties?.select('tier', '-');
      selectTopK(scores, T, kT, ties, tierSel, 0);
      softmaxInto(scores, tierSel, 0, kT, tierGates, binary32);
      const tierScores = Array.from(tierSel, (t) => scores[t] ?? 0);
      for (let a = 0; a < kT; a++) {
        tiersOut.push({ tier: tierSel[a] ?? 0, score: tierScores[a] ?? 0, gate: tierGates[a] ?? 0 });
      }

      for (let a = 0; a < kT; a++) {
        const t = tierSel[a] ?? 0;
        const tierGate = tierGates[a] ?? 0;
        scoreRows(weights.group, t * G, G, d, hidden, x, scores);
        ties?.select('group', `${t}`);
        selectTopK(scores, G, kG, ties, groupSel, 0);
        softmaxInto(scores, groupSel, 0, kG, groupGates, binary32);
        const groupScores = Array.from(groupSel, (g) => scores[g] ?? 0);
        for (let b = 0; b < kG; b++) {
          const g = groupSel[b] ?? 0;
          groupsOut.push({ tier: t, group: g, id: t * G + g, score: groupScores[b] ?? 0, gate: groupGates[b] ?? 0 });
        }

        for (let b = 0; b < kG; b++) {
          const g = groupSel[b] ?? 0;
          const pathGate = binary32 ? Math.fround(tierGate * (groupGates[b] ?? 0)) : tierGate * (groupGates[b] ?? 0);
          scoreRows(weights.expert, (t * G + g) * E, E, d, hidden, x, scores);
          ties?.select('expert', `${t}.${g}`);
          selectTopK(scores, E, kE, ties, expertSel, 0);
          softmaxInto(scores, expertSel, 0, kE, expertGates, binary32);
          for (let c = 0; c < kE; c++) {
            const e = expertSel[c] ?? 0;
            const own = expertGates[c] ?? 0;
            const product = binary32 ? Math.fround(pathGate * own) : pathGate * own;
            const gate = this.gateIsExpertOnly ? own : product;
            expertsOut.push({ tier: t, group: g, expert: e, id: (t * G + g) * E + e, score: scores[e] ?? 0, gate });
          }
        }
      }

      if (this.expertsById) expertsOut.sort((p, q) => p.id - q.id);
      for (let s = 0; s < expertsOut.length; s++) {
        const entry = expertsOut[s];
        ids[s] = entry?.id ?? 0;
        gates[s] = entry?.gate ?? 0;
      }
      const digest = tokenDigest(ids, gates, expertsOut.length, this.digestGateFirst);
      digests.push(digest);
      tokens.push({ tiers: tiersOut, groups: groupsOut, experts: expertsOut, digest: digest.toString('hex') });
    }
    return { model: model.id, layer, seed, tokens, digest: resultDigest(digests).toString('hex') };
  }
}
