// Per-tenant quotas (SPEC-050 §4.2, §4.3): maxConcurrent bounds a tenant's generations queued plus running, and
// tokensPerMinute is a token bucket charged promptTokens + maxTokens per request. A request over either limit is
// refused with E_TENANT_QUOTA and a Retry-After, before it is queued, and leaves no trace in the counters.

import { RuntimeError } from '../../errors.ts';
import type { FaultSet } from '../../faults.ts';
import { TokenBucket } from './token-bucket.ts';

/** A tenant's limits; null means unlimited. */
export interface TenantQuota {
  maxConcurrent: number | null;
  tokensPerMinute: number | null;
}

/** A change of quota: an absent member stays as it is, null removes that limit. */
export type QuotaChange = Partial<TenantQuota>;

export interface TenantUsage {
  /** Admitted generations that have not started yet. */
  queued: number;
  /** Generations started and not finished. */
  running: number;
  /** Completion tokens of every finished generation since the last reset. */
  generatedTokens: number;
  /** Whole tokens in the bucket now (rounded down, may be negative), or null without a tokensPerMinute. */
  tokensAvailable: number | null;
}

export interface AdmissionRequest {
  promptTokens: number;
  maxTokens: number;
}

export const UNLIMITED: Readonly<TenantQuota> = Object.freeze({ maxConcurrent: null, tokensPerMinute: null });

// Retry-After for a concurrency refusal: a slot frees when a generation ends, which cannot be predicted.
const CONCURRENCY_RETRY_SECONDS = 1;

interface TenantState {
  quota: TenantQuota;
  bucket: TokenBucket | null;
  queued: number;
  running: number;
  generatedTokens: number;
}

export class TenantPolicy {
  private readonly tenants = new Map<string, TenantState>();
  private readonly defaults: TenantQuota;
  private readonly keyOf: (tenant: string) => string;
  private readonly checkConcurrency: boolean;
  private readonly checkTokens: boolean;
  private readonly sendRetryAfter: boolean;
  private readonly resetClearsQuotas: boolean;

  constructor(faults: FaultSet, defaults: TenantQuota = UNLIMITED) {
    this.defaults = { ...defaults };
    // FAULT tenant.shared-quota-state: all tenants share one quota, one count of generations and one bucket.
    this.keyOf = faults.has('tenant.shared-quota-state') ? () => '' : (tenant) => tenant;
    // FAULT tenant.concurrency-unchecked: maxConcurrent never refuses a request.
    this.checkConcurrency = !faults.has('tenant.concurrency-unchecked');
    // FAULT tenant.tokens-unchecked: tokensPerMinute never refuses a request (the bucket is still charged).
    this.checkTokens = !faults.has('tenant.tokens-unchecked');
    // FAULT tenant.no-retry-after: E_TENANT_QUOTA leaves without retryAfterSeconds, so no Retry-After header.
    this.sendRetryAfter = !faults.has('tenant.no-retry-after');
    // FAULT tenant.reset-keeps-quotas: reset leaves every quota (and bucket) in place.
    this.resetClearsQuotas = !faults.has('tenant.reset-keeps-quotas');
  }

  private state(tenant: string, now: number): TenantState {
    const key = this.keyOf(tenant);
    let state = this.tenants.get(key);
    if (state === undefined) {
      const quota = { ...this.defaults };
      state = { quota, bucket: bucketFor(quota, now), queued: 0, running: 0, generatedTokens: 0 };
      this.tenants.set(key, state);
    }
    return state;
  }

  /**
   * Checks a request against the tenant's quotas and, when it passes, counts it as queued and charges its tokens;
   * throws E_TENANT_QUOTA (retryable, with retryAfterSeconds) and changes nothing when it does not (REQ-050-002, 003).
   */
  admit(tenant: string, request: AdmissionRequest, now: number): void {
    const state = this.state(tenant, now);
    const cost = request.promptTokens + request.maxTokens;
    const reasons: string[] = [];
    let retryAfter = 0;
    const { maxConcurrent } = state.quota;
    if (this.checkConcurrency && maxConcurrent !== null && state.queued + state.running >= maxConcurrent) {
      reasons.push(`${maxConcurrent} concurrent generations`);
      retryAfter = CONCURRENCY_RETRY_SECONDS;
    }
    const tokenWait = state.bucket === null ? 0 : state.bucket.secondsUntil(cost, now);
    if (this.checkTokens && tokenWait > 0) {
      reasons.push(`${state.quota.tokensPerMinute} tokens per minute`);
      retryAfter = Math.max(retryAfter, tokenWait);
    }
    if (reasons.length > 0) {
      // The message names the limits, never another tenant or any usage figure.
      const message = `tenant quota exhausted: ${reasons.join(' and ')}`;
      throw new RuntimeError('E_TENANT_QUOTA', message, this.sendRetryAfter ? { retryAfterSeconds: retryAfter } : undefined);
    }
    state.bucket?.charge(cost, now);
    state.queued += 1;
  }

  /** An admitted generation left the queue and runs. */
  started(tenant: string): void {
    const state = this.state(tenant, 0);
    if (state.queued > 0) state.queued -= 1;
    state.running += 1;
  }

  /**
   * An admitted generation ended (any finish reason). `started: false` for one that never left the queue
   * (cancelled or failed while queued); absent means it started. Charged tokens are not refunded (§4.3).
   */
  finished(tenant: string, outcome: { generatedTokens: number; started?: boolean }): void {
    const state = this.state(tenant, 0);
    const wasRunning = outcome.started !== false && state.running > 0;
    if (wasRunning) state.running -= 1;
    else if (state.queued > 0) state.queued -= 1;
    state.generatedTokens += outcome.generatedTokens;
  }

  /** Whether the tenant has a generation running (the fair queue's notion of an active tenant). */
  isRunning(tenant: string): boolean {
    return (this.tenants.get(this.keyOf(tenant))?.running ?? 0) > 0;
  }

  quotaOf(tenant: string, now: number): TenantQuota {
    return { ...this.state(tenant, now).quota };
  }

  /** Applies a change; setting tokensPerMinute (even to its current value) starts a full bucket. */
  setQuota(tenant: string, change: QuotaChange, now: number): TenantQuota {
    const state = this.state(tenant, now);
    if (change.maxConcurrent !== undefined) state.quota.maxConcurrent = change.maxConcurrent;
    if (change.tokensPerMinute !== undefined) {
      state.quota.tokensPerMinute = change.tokensPerMinute;
      state.bucket = bucketFor(state.quota, now);
    }
    return { ...state.quota };
  }

  usageOf(tenant: string, now: number): TenantUsage {
    const state = this.state(tenant, now);
    const level = state.bucket?.level(now);
    return {
      queued: state.queued,
      running: state.running,
      generatedTokens: state.generatedTokens,
      tokensAvailable: level === undefined ? null : Math.floor(level),
    };
  }

  /**
   * Control-API reset (REQ-050-008): every quota returns to the default with a full bucket and the token totals
   * restart; queued and running counts stay, since they describe generations that still hold their slots.
   */
  reset(now: number): void {
    if (!this.resetClearsQuotas) return;
    for (const [key, state] of this.tenants) {
      if (state.queued + state.running === 0) {
        this.tenants.delete(key);
        continue;
      }
      state.quota = { ...this.defaults };
      state.bucket = bucketFor(state.quota, now);
      state.generatedTokens = 0;
    }
  }
}

function bucketFor(quota: TenantQuota, now: number): TokenBucket | null {
  return quota.tokensPerMinute === null ? null : new TokenBucket(quota.tokensPerMinute, now);
}
