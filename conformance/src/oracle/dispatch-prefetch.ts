// SPEC-045 dynamic tier prefetch, in plain loops: the FFN inputs of every layer (the forward oracle's loop, binary64),
// the prediction for layer l+1 (layer l+1's router routing layer l's FFN inputs under the descriptor seed, experts
// ranked by how many (row, slot) pairs chose them, then by id), and a serial simulation of what the prefetch stages
// and counts, driven through the placement oracle so that each prefetch is one SPEC-022 request of its own.
import { addVectors, BINARY64 } from './arithmetic.ts';
import { moeFfn } from './ffn.ts';
import { routeForward } from './forward-routing.ts';
import { requireTensor, type ForwardModel } from './forward-types.ts';
import { attentionBlock } from './forward.ts';
import { rmsNorm } from './norm.ts';
import type { TierPolicy } from './tier-policy.ts';

/** [layer][position] → the FFN input RMSNorm(h, ffn_norm) after the layer's attention, for one sequence. */
export function ffnInputs(model: ForwardModel, tokens: readonly number[], seed: bigint): number[][][] {
  const { dModel: d, vocab, layers } = model.descriptor;
  const embeddings = requireTensor(model, 'tok_embeddings.weight', vocab * d);
  let h = tokens.map((x) => Array.from(embeddings.subarray(x * d, x * d + d)));
  const inputs: number[][][] = [];
  for (let layer = 0; layer < layers; layer++) {
    h = attentionBlock(BINARY64, model, layer, h);
    const norm = requireTensor(model, `layers.${layer}.ffn_norm.weight`, d);
    const a = h.map((hi) => rmsNorm(BINARY64, hi, norm));
    inputs.push(a);
    h = h.map((hi, i) => addVectors(BINARY64, hi, moeFfn(BINARY64, model, layer, a[i]!, routeForward(BINARY64, model, layer, a[i]!, seed).experts)));
  }
  return inputs;
}

/** Distinct ids by how often they occur, most first, then by ascending id (SPEC-045 §4.1). */
export function rankByCount(ids: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
}

export interface Prediction {
  /** Predicted ids in ranking order, at most the limit. */
  readonly experts: number[];
  /** Smallest selection margin of the routing behind it: above DECISIVE_MARGIN, a runtime must predict the same. */
  readonly margin: number;
}

/** The prediction for `layer` (≥ 1) from the FFN inputs of layer − 1 of every row of the request, in row order. */
export function predictLayer(model: ForwardModel, layer: number, previousInputs: readonly (readonly number[])[], limit: number, descriptorSeed: bigint): Prediction {
  const ids: number[] = [];
  let margin = Number.POSITIVE_INFINITY;
  for (const a of previousInputs) {
    const route = routeForward(BINARY64, model, layer, a, descriptorSeed);
    ids.push(...route.experts.map((e) => e.id));
    margin = Math.min(margin, route.margins.tier.selection, route.margins.group.selection, route.margins.expert.selection);
  }
  return { experts: rankByCount(ids).slice(0, limit), margin };
}

/** Per layer ≥ 1, the prediction for a request's sequences (rows concatenated in request order); null for layer 0. */
export function predictRequest(model: ForwardModel, sequences: readonly (readonly number[])[], limit: number, descriptorSeed: bigint): (Prediction | null)[] {
  const perSequence = sequences.map((tokens) => ffnInputs(model, tokens, descriptorSeed));
  return Array.from({ length: model.descriptor.layers }, (_, layer) =>
    layer === 0 ? null : predictLayer(model, layer, perSequence.flatMap((inputs) => inputs[layer - 1]!), limit, descriptorSeed));
}

/** GET /v1/tiers/{model} `prefetch`. */
export interface PrefetchFigures {
  experts: number;
  predicted: number;
  staged: number;
  hits: number;
  wasted: number;
  needed: number;
  recall: number;
}

/**
 * A serial trace on a model loaded with `tiers.prefetch.experts` = limit: the placement oracle gets each layer's
 * experts and, after each layer l below the last, one request for the experts predicted for l+1 that are not hot,
 * as many as the unpinned slots hold, in prediction order (SPEC-045 §4.2).
 */
export class PrefetchSimulation {
  private readonly policy: TierPolicy;
  private readonly limit: number;
  private readonly counts = { predicted: 0, staged: 0, hits: 0, wasted: 0, needed: 0 };

  constructor(policy: TierPolicy, limit: number) {
    this.policy = policy;
    this.limit = limit;
  }

  /** One pass: `used[layer]` its distinct experts, `predicted[layer]` the prediction for it (null: none). Returns what each layer's prefetch staged. */
  pass(used: readonly (readonly number[])[], predicted: readonly (readonly number[] | null)[]): (number[] | null)[] {
    const staged: (number[] | null)[] = used.map(() => null);
    used.forEach((experts, layer) => {
      const only = (ids: readonly number[]): number[][] => Array.from({ length: layer + 1 }, (_, l) => (l === layer ? [...ids] : []));
      this.policy.forward(only(experts));
      const ticket = predicted[layer];
      const mine = staged[layer];
      if (ticket !== null && ticket !== undefined && mine !== null && mine !== undefined) {
        this.counts.needed += new Set(experts).size;
        this.counts.hits += ticket.filter((e) => experts.includes(e)).length;
        this.counts.wasted += mine.filter((e) => !experts.includes(e)).length;
      }
      const next = predicted[layer + 1];
      if (layer + 1 >= used.length || next === null || next === undefined) return;
      const hot = new Set(this.policy.residency().filter((e) => e.tier === 'hot' && e.layer === layer + 1).map((e) => e.expert));
      const placed = next.filter((e) => !hot.has(e)).slice(0, this.policy.capacity).sort((a, b) => a - b);
      const onlyNext = Array.from({ length: layer + 2 }, (_, l) => (l === layer + 1 ? placed : []));
      if (placed.length > 0) this.policy.forward(onlyNext);
      this.counts.predicted += next.length;
      this.counts.staged += placed.length;
      staged[layer + 1] = placed;
    });
    return staged;
  }

  figures(): PrefetchFigures {
    const { predicted, staged, hits, wasted, needed } = this.counts;
    return { experts: this.limit, predicted, staged, hits, wasted, needed, recall: needed === 0 ? 0 : hits / needed };
  }
}
