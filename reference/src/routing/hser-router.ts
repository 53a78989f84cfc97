// Hierarchical routing Tier -> Group -> Expert (SPEC-003, ARCHITECTURE.md §4). For one hidden vector x at layer l:
// tier scores <W_tier[t], x>, top k_tier; for each selected tier its group scores, top k_group; for each selected
// group its expert scores, top k_expert. Gates are per-level softmax weights; an expert's gate is the product
// tier x group x expert. Scores use binary64 dot products in index order (exact for dyadic inputs and weights).

import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { LayerWeights } from '../model/loader.ts';
import type { Descriptor } from '../model/manifest-types.ts';
import { resultDigest, tokenDigest } from '../numeric/route-digest.ts';
import { FlatExpertSelector } from './flat-experts.ts';
import { routerBehaviour, type RouterBehaviour } from './router-behaviour.ts';
import { scoreRows, type DotShape } from './row-scores.ts';
import type { ExpertChoice, GroupChoice, RouteResult, TierChoice, TokenRoute } from './route-types.ts';
import { softmaxInto, softmaxOverAllInto } from './softmax.ts';
import { selectTopK, TieKeys, type TieStreamVariant } from './top-k.ts';

export interface RoutableModel {
  id: string;
  descriptor: Descriptor;
  layers: LayerWeights[];
  /** How many loads had succeeded when this model was loaded, itself included (only a fault switch reads it). */
  loadOrdinal?: number;
}

export class HserRouter {
  private readonly behaviour: RouterBehaviour;
  /** Route requests served so far; only the routing.unordered-sum fault lets it influence a result. */
  private requests = 0;

  constructor(faults: FaultSet) {
    this.behaviour = routerBehaviour(faults);
  }

  private tieKeys(model: RoutableModel, layer: number, seed: string): TieKeys | null {
    const b = this.behaviour;
    if (b.tieBreakByIndex) return null;
    const variant: TieStreamVariant = { keyLittleEndian: b.tieKeyLittleEndian };
    if (b.tieGamma !== null) variant.gamma = b.tieGamma;
    if (b.saltTieLabelsWithLoadOrdinal) variant.labelSuffix = `/${model.loadOrdinal ?? 0}`;
    return new TieKeys(seed, layer, variant);
  }

  /** Routes tokenCount hidden vectors (row-major in `hidden`) through `layer`, already validated by the caller. */
  route(model: RoutableModel, layer: number, hidden: Float64Array, tokenCount: number, seed: string): RouteResult {
    const b = this.behaviour;
    const weights = model.layers[layer];
    if (weights === undefined) throw new RuntimeError('E_ROUTING_LAYER', `layer ${layer} is out of range`);
    const { dModel: d, hierarchy, topK } = model.descriptor;
    const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = hierarchy;
    const kT = topK.tier;
    const kG = topK.group;
    const kE = b.extraExpert && topK.expert < E ? topK.expert + 1 : topK.expert;
    const binary32 = b.binary32Gates || (b.binary32GatesInBatches && tokenCount > 1);
    const dot: DotShape = { d, terms: b.skipLastElement ? d - 1 : d, start: b.rotateSums ? this.requests % d : 0 };
    this.requests++;
    const ties = this.tieKeys(model, layer, seed);
    const flat = b.flatExperts ? new FlatExpertSelector(kT, G, E, kT * kG * kE) : null;

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

      scoreRows(weights.tier, 0, T, dot, hidden, x, scores);
      ties?.select('tier', '-');
      selectTopK(scores, T, kT, ties, tierSel, 0);
      if (b.softmaxOverAll) softmaxOverAllInto(scores, T, tierSel, kT, tierGates);
      else softmaxInto(scores, tierSel, 0, kT, tierGates, binary32);
      const tierScores = Array.from(tierSel, (t) => scores[t] ?? 0);
      for (let a = 0; a < kT; a++) {
        tiersOut.push({ tier: tierSel[a] ?? 0, score: tierScores[a] ?? 0, gate: tierGates[a] ?? 0 });
      }

      for (let a = 0; a < kT; a++) {
        const t = tierSel[a] ?? 0;
        const tierGate = tierGates[a] ?? 0;
        scoreRows(weights.group, t * G, G, dot, hidden, x, scores);
        ties?.select('group', `${t}`);
        selectTopK(scores, G, kG, ties, groupSel, 0);
        if (b.softmaxOverAll) softmaxOverAllInto(scores, G, groupSel, kG, groupGates);
        else softmaxInto(scores, groupSel, 0, kG, groupGates, binary32);
        const groupScores = Array.from(groupSel, (g) => scores[g] ?? 0);
        for (let c = 0; c < kG; c++) {
          const g = groupSel[c] ?? 0;
          groupsOut.push({ tier: t, group: g, id: b.localIds ? g : t * G + g, score: groupScores[c] ?? 0, gate: groupGates[c] ?? 0 });
        }
        if (flat !== null) continue;

        for (let c = 0; c < kG; c++) {
          const g = groupSel[c] ?? 0;
          const pathGate = binary32 ? Math.fround(tierGate * (groupGates[c] ?? 0)) : tierGate * (groupGates[c] ?? 0);
          scoreRows(weights.expert, (t * G + g) * E, E, dot, hidden, x, scores);
          ties?.select('expert', `${t}.${g}`);
          selectTopK(scores, E, kE, ties, expertSel, 0);
          if (b.duplicateLastExpert && kE > 1) expertSel[kE - 1] = expertSel[0] ?? 0;
          softmaxInto(scores, expertSel, 0, kE, expertGates, binary32);
          for (let r = 0; r < kE; r++) {
            const e = expertSel[r] ?? 0;
            const own = expertGates[r] ?? 0;
            const product = binary32 ? Math.fround(pathGate * own) : pathGate * own;
            const gate = b.gateIsExpertOnly ? own : product;
            expertsOut.push({ tier: t, group: g, expert: e, id: b.localIds ? e : (t * G + g) * E + e, score: scores[e] ?? 0, gate });
          }
        }
      }
      flat?.select(weights.expert, tierSel, dot, hidden, x, b.localIds, expertsOut);

      if (b.expertsById) expertsOut.sort((p, q) => p.id - q.id);
      for (let s = 0; s < expertsOut.length; s++) {
        const entry = expertsOut[s];
        ids[s] = entry?.id ?? 0;
        gates[s] = entry?.gate ?? 0;
      }
      const digest = tokenDigest(ids, gates, expertsOut.length, b.digestGateFirst);
      digests.push(digest);
      tokens.push({ tiers: tiersOut, groups: groupsOut, experts: expertsOut, digest: digest.toString('hex') });
    }
    const digest = resultDigest(digests, b.routeDigestOverHex).toString('hex');
    return { model: model.id, layer: b.layerEchoZero ? 0 : layer, seed, tokens, digest };
  }
}
