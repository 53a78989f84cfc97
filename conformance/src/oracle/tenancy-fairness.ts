// SPEC-050 as plain arithmetic: the fair-queue waiting bound of §4.4, what arrival order would have made a request
// wait instead (SPEC-043 §4.6 waves), the longest Retry-After of a token-bucket refusal (§4.2, §4.3), and the prefix
// tokens a repeat of a prompt reuses (SPEC-046 §4.4).

/** A generation of another tenant, queued or running when the request in question arrived. */
export interface OtherGeneration {
  readonly maxTokens: number;
}

/**
 * §4.4: a request of a tenant that was not active, arriving while `otherTenantsQueued` other tenants had requests
 * queued, waits at most the largest maxTokens among the other tenants' generations queued or running at its arrival,
 * provided otherTenantsQueued + 1 ≤ maxBatch. Returns null where the bound does not apply.
 */
export function fairQueueBound(others: readonly OtherGeneration[], otherTenantsQueued: number, maxBatch: number): number | null {
  if (otherTenantsQueued + 1 > maxBatch) return null;
  return others.reduce((largest, g) => Math.max(largest, g.maxTokens), 0);
}

/**
 * SPEC-043 §4.6: released at once with b slots, requests of equal maxTokens m run in waves of b; the request with
 * `ahead` requests before it in arrival order is in wave floor(ahead / b) and waits floor(ahead / b) · m steps.
 */
export function arrivalOrderQueueSteps(ahead: number, maxBatch: number, maxTokens: number): number {
  return Math.floor(ahead / maxBatch) * maxTokens;
}

/**
 * §4.2, §4.3: right after a request of `cost` tokens was admitted from a full bucket of R per minute, the next request
 * of `nextCost` needs min(nextCost, R) tokens while the bucket holds R − cost; the whole seconds until it refills
 * that much, rounded up, are the largest Retry-After a refusal may carry (less as time passes).
 */
export function bucketRetryAfterAtMost(perMinute: number, cost: number, nextCost: number): number {
  const missing = Math.min(nextCost, perMinute) - (perMinute - cost);
  return Math.max(1, Math.ceil((missing * 60) / perMinute));
}

/** SPEC-046 §4.4: a repeat of a P-token prompt reuses 16 · floor((P − 1) / 16) positions. */
export function repeatCachedTokens(promptTokens: number): number {
  return 16 * Math.floor((promptTokens - 1) / 16);
}
