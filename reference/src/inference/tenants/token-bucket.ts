// A tenant's tokensPerMinute quota as a token bucket (SPEC-050 §4.3) on the runtime's injected clock: it holds at
// most R tokens, refills continuously at R per 60 000 ms, and a request of cost c is admitted when it holds at least
// min(c, R). Admission takes the whole cost, so the level may go negative: one request larger than a minute's
// allowance is admitted from a full bucket and then blocks the tenant until the debt has refilled.

const MS_PER_MINUTE = 60_000;

export type TakeResult = { admitted: true } | { admitted: false; retryAfterSeconds: number };

// The level is kept in token-milliseconds-per-minute (tokens x 60 000), so that refills of whole milliseconds and
// the Retry-After division are exact integer arithmetic for any realistic quota.
export class TokenBucket {
  readonly perMinute: number;
  private scaledAtLast: number;
  private last: number;

  /** A full bucket of `perMinute` tokens at time `now` (ms). */
  constructor(perMinute: number, now: number) {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError('tokensPerMinute must be a positive integer');
    this.perMinute = perMinute;
    this.scaledAtLast = perMinute * MS_PER_MINUTE;
    this.last = now;
  }

  private scaledLevel(now: number): number {
    const elapsed = Math.max(0, now - this.last);
    return Math.min(this.perMinute * MS_PER_MINUTE, this.scaledAtLast + elapsed * this.perMinute);
  }

  /** Tokens held at `now`; a clock reading earlier than the last one refills nothing. */
  level(now: number): number {
    return this.scaledLevel(now) / MS_PER_MINUTE;
  }

  /** The tokens a request of `cost` needs to find in the bucket. */
  needed(cost: number): number {
    return Math.min(cost, this.perMinute);
  }

  /**
   * Whole seconds, at least 1, after which the bucket will hold the tokens a request of `cost` needs, if nothing
   * else is taken meanwhile (REQ-050-004); 0 when it holds them now.
   */
  secondsUntil(cost: number, now: number): number {
    const missing = this.needed(cost) * MS_PER_MINUTE - this.scaledLevel(now);
    if (missing <= 0) return 0;
    // `missing` scaled tokens refill at perMinute per ms, i.e. perMinute x 1000 per second.
    return Math.max(1, Math.ceil(missing / (this.perMinute * 1000)));
  }

  /** Admits and charges a request of `cost` tokens, or says how long until it could be admitted. */
  take(cost: number, now: number): TakeResult {
    const wait = this.secondsUntil(cost, now);
    if (wait > 0) return { admitted: false, retryAfterSeconds: wait };
    this.charge(cost, now);
    return { admitted: true };
  }

  /** Takes `cost` tokens without checking the level (the level may go negative). */
  charge(cost: number, now: number): void {
    this.scaledAtLast = this.scaledLevel(now) - cost * MS_PER_MINUTE;
    this.last = Math.max(this.last, now);
  }
}
