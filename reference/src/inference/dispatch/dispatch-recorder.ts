// The per-pass companion of the expert dispatch (SPEC-044, SPEC-045): the capacity of an expert batch, the fault
// deviations of the packing, the dispatch trace POST /v1/forward returns when asked, and the prefetch prediction a
// layer hands to the next one. One recorder belongs to one forward pass, whose layers call runExperts in order.

import type { PrefetchTicket } from '../../storage/tiers/expert-prefetch.ts';
import { CONFORMING_DISPATCH, type DispatchBehaviour } from './dispatch-faults.ts';

/** One expert batch: an expert and the packed rows it ran on, ascending (SPEC-044 §4.2). */
export interface ExpertBatch {
  expert: number;
  rows: number[];
}

/** What a layer's prefetch predicted for it and staged (SPEC-045 §4.4). */
export interface LayerPrefetch {
  predicted: number[];
  staged: number[];
}

export interface LayerDispatch {
  layer: number;
  /** Expert batches in execution order. */
  batches: ExpertBatch[];
  /** The prediction made for this layer by the one before; null when none was made. */
  prefetch: LayerPrefetch | null;
}

/** The `dispatch` member of a forward result. */
export interface DispatchTrace {
  capacity: number | null;
  layers: LayerDispatch[];
}

export interface DispatchRecorderOptions {
  /** Rows at most per expert batch; absent or null: all of an expert's rows in one batch. */
  capacity?: number | null;
  /** Whether to keep the trace (the request's `dispatch: true`). */
  trace?: boolean;
  behaviour?: DispatchBehaviour;
}

export class DispatchRecorder {
  readonly capacity: number | null;
  readonly behaviour: DispatchBehaviour;
  private readonly keep: boolean;
  private readonly layers: LayerDispatch[] = [];
  private layerCount = 0;
  /** The prediction the last layer made for the next one (SPEC-045), until that layer settles it. */
  pending: PrefetchTicket | null = null;

  constructor(options: DispatchRecorderOptions = {}) {
    const capacity = options.capacity ?? null;
    if (capacity !== null && !(Number.isSafeInteger(capacity) && capacity >= 1)) throw new RangeError(`capacity ${capacity} is not a positive integer`);
    this.capacity = capacity;
    this.keep = options.trace === true;
    this.behaviour = options.behaviour ?? CONFORMING_DISPATCH;
  }

  /** The layer the next runExperts call dispatches: the pass's layers run in order. */
  get nextLayer(): number {
    return this.layerCount;
  }

  /** Records one layer's batches and the ticket it settled; advances to the next layer. */
  record(batches: () => ExpertBatch[], settled: PrefetchTicket | null): void {
    if (this.keep) {
      const prefetch = settled === null ? null : { predicted: [...settled.predicted], staged: [...settled.staged] };
      this.layers.push({ layer: this.layerCount, batches: batches(), prefetch });
    }
    this.layerCount++;
  }

  /** The trace of the layers run so far (empty unless the recorder keeps one). */
  trace(): DispatchTrace {
    return { capacity: this.capacity, layers: this.layers.map((layer) => ({ ...layer })) };
  }
}
