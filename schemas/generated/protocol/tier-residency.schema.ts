/* Generated from schemas/protocol/tier-residency.schema.json by npm run gen. Do not edit. */

/**
 * Layer.
 */
export type NonNegativeSafeInteger = number;
/**
 * Global expert id within the layer.
 */
export type NonNegativeSafeInteger1 = number;

/**
 * Response of GET /v1/tiers/{model}/experts (SPEC-021, SPEC-023): every expert some tier holds, sorted by layer then expert id, with the fastest tier holding it.
 */
export interface TierResidency {
  /**
   * Experts held by hot, warm or cold, ascending by (layer, expert); an expert only the archive has is not listed.
   */
  experts: {
    layer: NonNegativeSafeInteger;
    expert: NonNegativeSafeInteger1;
    /**
     * The fastest tier holding the expert.
     */
    tier: 'hot' | 'warm' | 'cold';
    /**
     * Whether the expert is pinned hot.
     */
    pinned: boolean;
  }[];
}
