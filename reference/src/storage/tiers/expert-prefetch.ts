// Dynamic tier prefetch (SPEC-045): once layer l's expert FFN of a pass has run, layer l+1's router scores layer l's
// FFN input (the normalised hidden state after layer l's attention) under the model's own routing seed; the experts
// it selects, ranked by how many (row, slot) pairs chose them, then by ascending id, are the prediction, of which
// at most `experts` per layer are staged hot by one store request that holds no lease. When layer l+1 runs, the
// prediction is scored against the experts it actually uses. Nothing here changes what a pass computes: the
// prediction is charged to a scratch ledger and staging only moves payloads between tiers.

import type { LayerWeights } from '../../model/loader.ts';
import type { DescriptorV2 } from '../../model/manifest-types.ts';
import { routeRows } from '../../forward/moe-router.ts';
import { TokenLedger } from '../../forward/token-ledger.ts';
import type { ExpertStore } from './expert-store.ts';
import type { PrefetchBehaviour } from './prefetch-faults.ts';

/** What a load asks for in `tiers.prefetch`. */
export interface PrefetchConfig {
  /** Experts staged at most per layer and pass; 0 disables the prefetch. */
  experts: number;
}

/** A prediction made for one layer of one pass, settled when that layer runs. */
export interface PrefetchTicket {
  layer: number;
  /** Predicted global ids, in ranking order. */
  predicted: readonly number[];
  /** The predicted experts this prefetch staged (not hot before), ascending. */
  staged: readonly number[];
}

/** The pass a prediction is made for: its ledger and the ledger token of each row. */
export interface PassTokens {
  ledger: TokenLedger;
  tokens: Int32Array;
}

/** GET /v1/tiers/{model} `prefetch` (SPEC-045 §4.4). */
export interface PrefetchView {
  experts: number;
  predicted: number;
  staged: number;
  hits: number;
  wasted: number;
  needed: number;
  recall: number;
}

export function emptyPrefetchView(): PrefetchView {
  return { experts: 0, predicted: 0, staged: 0, hits: 0, wasted: 0, needed: 0, recall: 0 };
}

/** SPEC-045 §4.1: distinct ids by (row, slot) selections descending, then id ascending. */
export function rankPredicted(ids: ArrayLike<number>): number[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) counts.set(ids[i]!, (counts.get(ids[i]!) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
}

export class ExpertPrefetcher {
  readonly limit: number;
  private readonly descriptor: DescriptorV2;
  private readonly routers: readonly LayerWeights[];
  private readonly store: ExpertStore;
  private readonly behaviour: PrefetchBehaviour;
  private readonly counts = { predicted: 0, staged: 0, hits: 0, wasted: 0, needed: 0 };

  constructor(descriptor: DescriptorV2, routers: readonly LayerWeights[], store: ExpertStore, limit: number, behaviour: PrefetchBehaviour) {
    this.descriptor = descriptor;
    this.routers = routers;
    this.store = store;
    this.limit = limit;
    this.behaviour = behaviour;
  }

  /** REQ-045-001: the prediction for `layer` from the previous layer's FFN input `a` ([rows, d]). */
  predict(layer: number, a: Float32Array, rows: number, pass: PassTokens): number[] {
    const routerLayer = this.behaviour.sameLayerRouter ? layer - 1 : layer;
    // REQ-045-004: a scratch ledger, so that the pass's FLOPs and bytes are those of a pass without prefetch.
    const scratch = { ledger: new TokenLedger(rows), tokens: Int32Array.from({ length: rows }, (_, row) => row) };
    const { ledger, tokens } = this.behaviour.chargesPass ? pass : scratch;
    const routing = routeRows(this.descriptor, this.routers[routerLayer]!, routerLayer, this.descriptor.seed, a, rows, ledger, tokens);
    const ranked = rankPredicted(routing.id);
    // REQ-045-002: at most `limit` experts per layer.
    return this.behaviour.unbounded ? ranked : ranked.slice(0, this.limit);
  }

  /** Predicts `layer`'s experts and stages them; the ticket goes to that layer's settle. */
  prefetch(layer: number, a: Float32Array, rows: number, pass: PassTokens): PrefetchTicket {
    const predicted = this.predict(layer, a, rows, pass);
    const staged = this.store.prefetch(layer, predicted);
    this.counts.predicted += predicted.length;
    this.counts.staged += staged.length;
    return { layer, predicted, staged };
  }

  /** SPEC-045 §4.3: a ticket against the distinct experts its layer used. */
  settle(ticket: PrefetchTicket, used: ArrayLike<number>): void {
    const usedSet = new Set<number>(Array.from(used));
    this.counts.needed += usedSet.size;
    this.counts.hits += ticket.predicted.filter((expert) => usedSet.has(expert)).length;
    this.counts.wasted += ticket.staged.filter((expert) => !usedSet.has(expert)).length;
  }

  view(): PrefetchView {
    const { predicted, staged, hits, wasted, needed } = this.counts;
    const over = this.behaviour.recallOverPredicted ? predicted : needed;
    return { experts: this.limit, predicted, staged, hits, wasted, needed, recall: over === 0 ? 0 : hits / over };
  }
}
