// How the expert FFN of one layer reaches its weights. A resident model's experts sit in the stacked tensors and
// are addressed by global id; a tiered model's are leased hot from its ExpertStore in waves of at most the
// unpinned slot count, addressed by slot. Either way the kernels see stacked [N, out, in] arrays and an index per
// run, so the arithmetic, and hence every output bit, is the same (SPEC-021 §4.4).

import { RuntimeError } from '../../errors.ts';
import type { ExpertPrefetcher, PassTokens, PrefetchTicket } from './expert-prefetch.ts';
import type { ExpertStore } from './expert-store.ts';

export interface ExpertWave {
  /** The runs [first, end) of the caller's run list this wave covers. */
  first: number;
  end: number;
  /** Index into w1/w3/w2 of each run of the wave, in order (run first + i at index[i]). */
  index: Int32Array;
  w1: Float32Array;
  w3: Float32Array;
  w2: Float32Array;
}

export interface LayerExperts {
  /**
   * Calls `body` for consecutive waves covering `experts` (distinct global ids, one per run) with those experts'
   * weights in place; the weights stay in place until `body`'s promise settles.
   */
  forEachWave(experts: Int32Array, body: (wave: ExpertWave) => Promise<void>): Promise<void>;
  /**
   * SPEC-045: once this layer's FFN has run on `a` ([rows, d]), predicts and stages the next layer's experts; the
   * ticket goes to the next layer's `settle`. Absent, or null, when the model has no prefetch or no next layer.
   */
  prefetchNext?(a: Float32Array, rows: number, pass: PassTokens): PrefetchTicket | null;
  /** Scores a ticket made for this layer against the distinct experts it uses. */
  settle?(ticket: PrefetchTicket, used: ArrayLike<number>): void;
}

export class ResidentExperts implements LayerExperts {
  readonly w1: Float32Array;
  readonly w3: Float32Array;
  readonly w2: Float32Array;

  constructor(w1: Float32Array, w3: Float32Array, w2: Float32Array) {
    this.w1 = w1;
    this.w3 = w3;
    this.w2 = w2;
  }

  forEachWave(experts: Int32Array, body: (wave: ExpertWave) => Promise<void>): Promise<void> {
    return body({ first: 0, end: experts.length, index: experts, w1: this.w1, w3: this.w3, w2: this.w2 });
  }
}

export class TieredExperts implements LayerExperts {
  readonly store: ExpertStore;
  readonly layer: number;
  private readonly prefetcher: ExpertPrefetcher | null;

  constructor(store: ExpertStore, layer: number, prefetcher: ExpertPrefetcher | null = null) {
    this.store = store;
    this.layer = layer;
    this.prefetcher = prefetcher;
  }

  prefetchNext(a: Float32Array, rows: number, pass: PassTokens): PrefetchTicket | null {
    if (this.prefetcher === null || this.layer + 1 >= this.store.layers) return null;
    return this.prefetcher.prefetch(this.layer + 1, a, rows, pass);
  }

  settle(ticket: PrefetchTicket, used: ArrayLike<number>): void {
    if (ticket.layer === this.layer) this.prefetcher?.settle(ticket, used);
  }

  async forEachWave(experts: Int32Array, body: (wave: ExpertWave) => Promise<void>): Promise<void> {
    const { arena } = this.store;
    // A conforming store always keeps a slot unpinned (REQ-027-004); without one no wave could make progress.
    if (this.store.capacity < 1 && experts.length > 0) throw new RuntimeError('E_STORAGE_BUDGET', 'every hot slot is pinned');
    for (let first = 0; first < experts.length;) {
      const end = Math.min(experts.length, first + this.store.capacity);
      const lease = await this.store.acquire(this.layer, experts.subarray(first, end));
      try {
        await body({ first, end, index: lease.slots, w1: arena.w1, w3: arena.w3, w2: arena.w2 });
      } finally {
        lease.release();
      }
      first = end;
    }
  }
}
