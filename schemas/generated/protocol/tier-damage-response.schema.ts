/* Generated from schemas/protocol/tier-damage-response.schema.json by npm run gen. Do not edit. */

/**
 * Response of POST /v1/conformance/tiers/{model}/damage (SPEC-024): whether the expert had a cold copy to damage.
 */
export interface TierDamageResponse {
  /**
   * True when the cold tier held a copy of the expert and it was damaged; false when it held none.
   */
  damaged: boolean;
}
