/* Generated from schemas/protocol/reset-response.schema.json by npm run gen. Do not edit. */

/**
 * Response of POST /v1/conformance/reset (SPEC-000): all models unloaded, tenants cleared, routing seed override cleared.
 */
export interface ResetResponse {
  /**
   * Always true.
   */
  reset: true;
}
