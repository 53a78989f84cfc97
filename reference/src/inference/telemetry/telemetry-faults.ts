// Where telemetry deviates from SPEC-049 under fault switches (mutants the suite must catch). Every deviation is one
// flag of TelemetryBehaviour, read where the rule it breaks lives; without faults all are false.

import type { FaultSet } from '../../faults.ts';

export interface TelemetryBehaviour {
  /** Histogram families lose their `# TYPE` line. */
  untypedHistograms: boolean;
  /** litellm_kv_pages is labelled `kind` instead of `state`. */
  kvLabelRenamed: boolean;
  /** Token index 0 does not move litellm_generated_tokens_total. */
  firstTokenUncounted: boolean;
  /** Bucket samples carry each bucket's own count instead of the cumulative count. */
  bucketsNotCumulative: boolean;
  /** The route label is the raw request path instead of the route pattern. */
  rawUrlLabel: boolean;
  /** litellm_generations_total gains a `tenant` label. */
  tenantLabel: boolean;
  /** GET /metrics takes any runtime credential. */
  metricsOpenToTenants: boolean;
  /** The decode span's token count includes the first token. */
  traceDecodeCountsFirst: boolean;
  /** The trace route skips the ownership check. */
  traceAnyTenant: boolean;
  /** The free-pages gauge adds the cached pages. */
  kvFreeCountsCached: boolean;
}

export const CONFORMING_TELEMETRY: TelemetryBehaviour = Object.freeze({
  untypedHistograms: false, kvLabelRenamed: false, firstTokenUncounted: false, bucketsNotCumulative: false,
  rawUrlLabel: false, tenantLabel: false, metricsOpenToTenants: false, traceDecodeCountsFirst: false, traceAnyTenant: false,
  kvFreeCountsCached: false,
});

export function telemetryBehaviour(faults: FaultSet): TelemetryBehaviour {
  return {
    // FAULT telemetry.untyped-histograms: histogram families are exposed without their `# TYPE` line.
    untypedHistograms: faults.has('telemetry.untyped-histograms'),
    // FAULT telemetry.kv-label-renamed: litellm_kv_pages names its label `kind` instead of `state`.
    kvLabelRenamed: faults.has('telemetry.kv-label-renamed'),
    // FAULT telemetry.first-token-uncounted: the first completion token is not counted in litellm_generated_tokens_total.
    firstTokenUncounted: faults.has('telemetry.first-token-uncounted'),
    // FAULT telemetry.buckets-not-cumulative: histogram buckets are exposed per bucket, not cumulative.
    bucketsNotCumulative: faults.has('telemetry.buckets-not-cumulative'),
    // FAULT telemetry.raw-url-label: the HTTP request metrics' route label is the raw request path.
    rawUrlLabel: faults.has('telemetry.raw-url-label'),
    // FAULT telemetry.tenant-label: litellm_generations_total carries the tenant name as a label.
    tenantLabel: faults.has('telemetry.tenant-label'),
    // FAULT telemetry.metrics-open-to-tenants: GET /metrics admits tenant credentials as well as the admin.
    metricsOpenToTenants: faults.has('telemetry.metrics-open-to-tenants'),
    // FAULT telemetry.trace-decode-counts-first: the decode span counts the first completion token too.
    traceDecodeCountsFirst: faults.has('telemetry.trace-decode-counts-first'),
    // FAULT telemetry.trace-any-tenant: a trace is served to any caller who names its generation id.
    traceAnyTenant: faults.has('telemetry.trace-any-tenant'),
    // FAULT telemetry.kv-free-counts-cached: litellm_kv_pages{state="free"} counts the cached pages as well.
    kvFreeCountsCached: faults.has('telemetry.kv-free-counts-cached'),
  };
}
