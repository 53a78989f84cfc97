/* Generated from schemas/protocol/seed-request.schema.json by npm run gen. Do not edit. */

/**
 * Body of PUT /v1/conformance/seed (SPEC-000, SPEC-003). Any string passes this schema: a string that is not a canonical u64 decimal is answered with E_CONTROL_SEED_INVALID (422), not E_PROTOCOL_BAD_REQUEST.
 */
export interface SeedRequest {
  /**
   * Routing seed override as a u64 decimal string.
   */
  seed: string;
}
