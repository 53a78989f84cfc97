/* Generated from schemas/protocol/kv-pool.schema.json by npm run gen. Do not edit. */

/**
 * Pages in the pool (--kv-pages).
 */
export type NonNegativeSafeInteger = number;
/**
 * Pages neither reserved nor holding a cached prefix.
 */
export type NonNegativeSafeInteger1 = number;
/**
 * Pages reserved by or shared with admitted sequences.
 */
export type NonNegativeSafeInteger2 = number;
/**
 * Pages no sequence references that still hold an indexed prompt prefix (evictable).
 */
export type NonNegativeSafeInteger3 = number;
/**
 * Admitted sequences holding pages.
 */
export type NonNegativeSafeInteger4 = number;
/**
 * Prefix pages reused, summed over admissions, since start or the last reset.
 */
export type NonNegativeSafeInteger5 = number;
/**
 * Sum of cachedTokens over those admissions.
 */
export type NonNegativeSafeInteger6 = number;
/**
 * Cached pages evicted to make room for reservations.
 */
export type NonNegativeSafeInteger7 = number;

/**
 * Response of GET /v1/kv (SPEC-046): the paged KV pool's figures. pagesFree + pagesActive + pagesCached = pagesTotal.
 */
export interface KVPool {
  /**
   * Positions per page: 16.
   */
  pageTokens: number;
  pagesTotal: NonNegativeSafeInteger;
  pagesFree: NonNegativeSafeInteger1;
  pagesActive: NonNegativeSafeInteger2;
  pagesCached: NonNegativeSafeInteger3;
  sequences: NonNegativeSafeInteger4;
  prefixHits: NonNegativeSafeInteger5;
  prefixTokensReused: NonNegativeSafeInteger6;
  evictions: NonNegativeSafeInteger7;
}
