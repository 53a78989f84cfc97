// Fault switches of the tenants area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const TENANT_FAULT_NAMES = [
  // inference/tenants/index.ts: a generation is visible to every principal, whatever its tenant (REQ-050-001).
  'tenant.generations-shared',
  // inference/tenants/tenant-policy.ts: maxConcurrent is stored and reported but never refuses a request (REQ-050-002).
  'tenant.concurrency-unchecked',
  // inference/tenants/tenant-policy.ts: tokensPerMinute is stored and reported but never refuses a request (REQ-050-003).
  'tenant.tokens-unchecked',
  // inference/tenants/tenant-policy.ts: E_TENANT_QUOTA is sent without a Retry-After header (REQ-050-004).
  'tenant.no-retry-after',
  // inference/tenants/tenant-policy.ts: every tenant shares one quota, one count of generations and one bucket (REQ-050-005).
  'tenant.shared-quota-state',
  // inference/tenants/fair-queue.ts: the queue hands out requests in arrival order across tenants (REQ-050-006).
  'tenant.fifo-queue',
  // inference/tenants/tenant-secrets.ts: every tenant derives the same secret, so prefix keys collide across tenants (REQ-050-007).
  'tenant.shared-prefix-secret',
  // inference/tenants/tenant-policy.ts: reset leaves every quota in place (REQ-050-008).
  'tenant.reset-keeps-quotas',
] as const;
