/* Generated from schemas/protocol/route-result.schema.json by npm run gen. Do not edit. */

/**
 * The routed model's id.
 */
export type ModelName = string;
/**
 * The routed layer.
 */
export type LayerIndex = number;
/**
 * Routing seed used: the control override if set, else the descriptor seed.
 */
export type Unsigned64BitInteger = string;
/**
 * Tier index.
 */
export type HierarchyIndex = number;
/**
 * Tier softmax weight over the selected tiers.
 */
export type GateWeight = number;
/**
 * Parent tier index.
 */
export type HierarchyIndex1 = number;
/**
 * Group index within its tier.
 */
export type HierarchyIndex2 = number;
/**
 * Global group id tier*G+group.
 */
export type GlobalGroupOrExpertId = number;
/**
 * Group softmax weight over the groups selected in its tier.
 */
export type GateWeight1 = number;
/**
 * Tier index.
 */
export type HierarchyIndex3 = number;
/**
 * Group index within its tier.
 */
export type HierarchyIndex4 = number;
/**
 * Expert index within its group.
 */
export type HierarchyIndex5 = number;
/**
 * Global expert id (tier*G+group)*E+expert.
 */
export type GlobalGroupOrExpertId1 = number;
/**
 * Product tier gate * group gate * expert softmax weight.
 */
export type GateWeight2 = number;
/**
 * Token digest over (u32 LE id, f64 LE gate) of each expert in order (SPEC-010).
 */
export type SHA256Digest = string;
/**
 * Route digest: SHA-256 over the token digests' raw bytes in token order (SPEC-010).
 */
export type SHA256Digest1 = string;

/**
 * Response of POST /v1/route (SPEC-003): per token, the selected tiers, groups and experts in output order with exact scores and binary64 gates, and the SPEC-010 digests.
 */
export interface RouteResult {
  model: ModelName;
  layer: LayerIndex;
  seed: Unsigned64BitInteger;
  /**
   * One entry per row of hidden, in request order.
   *
   * @minItems 1
   */
  tokens: TokenRoute[];
  digest: SHA256Digest1;
}
/**
 * Routing decision for one token: k_tier tiers, k_tier*k_group groups, k_tier*k_group*k_expert experts.
 */
export interface TokenRoute {
  /**
   * Selected tiers in rank order.
   *
   * @minItems 1
   */
  tiers: {
    tier: HierarchyIndex;
    /**
     * Tier router score.
     */
    score: number;
    gate: GateWeight;
  }[];
  /**
   * For each selected tier in rank order, its selected groups in rank order.
   *
   * @minItems 1
   */
  groups: {
    tier: HierarchyIndex1;
    group: HierarchyIndex2;
    id: GlobalGroupOrExpertId;
    /**
     * Group router score.
     */
    score: number;
    gate: GateWeight1;
  }[];
  /**
   * For each selected group in output order, its selected experts in rank order.
   *
   * @minItems 1
   */
  experts: {
    tier: HierarchyIndex3;
    group: HierarchyIndex4;
    expert: HierarchyIndex5;
    id: GlobalGroupOrExpertId1;
    /**
     * Expert router score.
     */
    score: number;
    gate: GateWeight2;
  }[];
  digest: SHA256Digest;
}
