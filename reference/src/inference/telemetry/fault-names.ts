// Fault switches of the telemetry area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const TELEMETRY_FAULT_NAMES = [
  // inference/telemetry/telemetry-faults.ts: histogram families are exposed without their `# TYPE` line (REQ-049-001).
  'telemetry.untyped-histograms',
  // inference/telemetry/telemetry-faults.ts: litellm_kv_pages names its label `kind` instead of `state` (REQ-049-002).
  'telemetry.kv-label-renamed',
  // inference/telemetry/telemetry-faults.ts: the first completion token of a generation is not counted in litellm_generated_tokens_total (REQ-049-003).
  'telemetry.first-token-uncounted',
  // inference/telemetry/telemetry-faults.ts: histogram buckets are exposed per bucket, not cumulative (REQ-049-004).
  'telemetry.buckets-not-cumulative',
  // inference/telemetry/telemetry-faults.ts: the HTTP request metrics' route label is the raw request path (REQ-049-005).
  'telemetry.raw-url-label',
  // inference/telemetry/telemetry-faults.ts: litellm_generations_total carries the tenant name as a label (REQ-049-006).
  'telemetry.tenant-label',
  // inference/telemetry/telemetry-faults.ts: GET /metrics admits tenant credentials as well as the admin (REQ-049-007).
  'telemetry.metrics-open-to-tenants',
  // inference/telemetry/telemetry-faults.ts: the decode span counts the first completion token too (REQ-049-008).
  'telemetry.trace-decode-counts-first',
  // inference/telemetry/telemetry-faults.ts: a trace is served to any caller who names its generation id (REQ-049-009).
  'telemetry.trace-any-tenant',
  // inference/telemetry/telemetry-faults.ts: litellm_kv_pages{state="free"} counts the cached pages as well (REQ-049-010).
  'telemetry.kv-free-counts-cached',
] as const;
