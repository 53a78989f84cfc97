/* Generated from schemas/protocol/kv-pool-control.schema.json by npm run gen. Do not edit. */

/**
 * Body of PUT /v1/conformance/kv (SPEC-046, conformance mode only): replaces the KV pool with an empty pool of pagesTotal pages while no generation is queued or running. POST /v1/conformance/reset restores the startup size.
 */
export interface KVPoolControlRequest {
  /**
   * Pages of the new pool, each holding 16 positions.
   */
  pagesTotal: number;
}
