/* Generated from schemas/protocol/tenant-quota.schema.json by npm run gen. Do not edit. */

/**
 * Answer of GET and PUT /v1/conformance/tenants/{name}/quota (SPEC-050): a tenant's current limits and what it uses of them.
 */
export interface TenantQuota {
  /**
   * The tenant name, or @admin for the tenant the admin credential acts as.
   */
  tenant: string;
  /**
   * The limits in force.
   */
  quota: {
    /**
     * Most generations queued and running at once, or null for no limit.
     */
    maxConcurrent: number | null;
    /**
     * Token bucket refill rate and capacity per minute, or null for no limit.
     */
    tokensPerMinute: number | null;
  };
  /**
   * What the tenant uses now.
   */
  usage: {
    /**
     * Admitted generations waiting in the queue.
     */
    queued: number;
    /**
     * Generations admitted to the batch and not finished.
     */
    running: number;
    /**
     * Completion tokens of the tenant's finished generations since the last reset.
     */
    generatedTokens: number;
    /**
     * Whole tokens in the bucket now, rounded down; negative while a request larger than the bucket is being paid off; null without a tokensPerMinute.
     */
    tokensAvailable: number | null;
  };
}
