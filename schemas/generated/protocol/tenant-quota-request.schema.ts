/* Generated from schemas/protocol/tenant-quota-request.schema.json by npm run gen. Do not edit. */

/**
 * Body of PUT /v1/conformance/tenants/{name}/quota (SPEC-050): the limits to change. An absent member leaves that limit as it is; null removes it.
 */
export interface TenantQuotaRequest {
  /**
   * Most generations of the tenant queued and running at once, or null for no limit.
   */
  maxConcurrent?: number | null;
  /**
   * Refill rate and capacity of the tenant's token bucket, in tokens per minute, or null for no limit. Setting it starts a full bucket.
   */
  tokensPerMinute?: number | null;
}
