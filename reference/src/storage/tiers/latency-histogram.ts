// Load-latency histogram of the tiers (SPEC-023 §4.3): how long each expert took to become hot when it was not,
// in fixed millisecond buckets so that histograms from different runs and runtimes compare bucket by bucket.

/** Upper bounds (inclusive) of the buckets in milliseconds; a last, unbounded bucket follows. */
export const LATENCY_BOUNDS_MS: readonly number[] = Object.freeze([0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000]);

export class LatencyHistogram {
  /** counts[i] for bucket i; counts[LATENCY_BOUNDS_MS.length] is the bucket above the last bound. */
  readonly counts: number[] = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
  count = 0;
  sumMs = 0;

  record(ms: number): void {
    const value = Math.max(0, ms);
    let bucket = LATENCY_BOUNDS_MS.findIndex((bound) => value <= bound);
    if (bucket < 0) bucket = LATENCY_BOUNDS_MS.length;
    this.counts[bucket]!++;
    this.count++;
    this.sumMs += value;
  }

  view(): { boundsMs: number[]; counts: number[]; count: number; sumMs: number } {
    return { boundsMs: [...LATENCY_BOUNDS_MS], counts: [...this.counts], count: this.count, sumMs: this.sumMs };
  }
}
