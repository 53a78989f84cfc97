/* Generated from schemas/protocol/tier-damage-request.schema.json by npm run gen. Do not edit. */

/**
 * Body of POST /v1/conformance/tiers/{model}/damage (conformance mode, admin only): damage one expert's cold-tier file in place as a failing disk would, so that scenarios can observe SPEC-026's failure behaviour.
 */
export interface TierDamageRequest {
  /**
   * Layer of the expert.
   */
  layer: number;
  /**
   * Global expert id within the layer, (t*G+g)*E+e.
   */
  expert: number;
  /**
   * truncate: the last byte removed; flip: the last byte's low bit inverted; delete: the file removed.
   */
  damage: 'truncate' | 'flip' | 'delete';
}
