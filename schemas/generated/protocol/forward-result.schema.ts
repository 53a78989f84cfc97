/* Generated from schemas/protocol/forward-result.schema.json by npm run gen. Do not edit. */

/**
 * The model's id, as requested.
 */
export type ModelName = string;
/**
 * Routing seed used in every layer: the control override if set when the request was admitted, else the descriptor seed (SPEC-003).
 */
export type Unsigned64BitInteger = string;
/**
 * Token digest: SHA-256 over the logits as binary32 little-endian, in vocabulary order (SPEC-010).
 */
export type SHA256Digest = string;
/**
 * The layer.
 */
export type LayerIndex = number;
/**
 * Tier index.
 */
export type HierarchyIndex = number;
/**
 * Group index within its tier.
 */
export type HierarchyIndex1 = number;
/**
 * Expert index within its group.
 */
export type HierarchyIndex2 = number;
/**
 * Global expert id (tier*G+group)*E+expert.
 */
export type GlobalGroupOrExpertId = number;
/**
 * Product tier gate * group gate * expert softmax weight, binary64.
 */
export type GateWeight = number;
/**
 * Attention projections and attention core.
 */
export type NonNegativeSafeInteger = number;
/**
 * Router scores at the three levels.
 */
export type NonNegativeSafeInteger1 = number;
/**
 * Selected expert FFNs, plus the shared expert when present.
 */
export type NonNegativeSafeInteger2 = number;
/**
 * Output head.
 */
export type NonNegativeSafeInteger3 = number;
/**
 * attention + router + experts + output.
 */
export type NonNegativeSafeInteger4 = number;
/**
 * Bytes of parameters the token reads (SPEC-005).
 */
export type NonNegativeSafeInteger5 = number;
/**
 * Sequence digest: SHA-256 over the token digests' raw bytes in position order (SPEC-010).
 */
export type SHA256Digest1 = string;
/**
 * Result digest: SHA-256 over the sequence digests' raw bytes in sequence order (SPEC-010).
 */
export type SHA256Digest2 = string;
/**
 * The layer.
 */
export type LayerIndex1 = number;
/**
 * Global expert id.
 */
export type GlobalGroupOrExpertId1 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger6 = number;
/**
 * Global group id t*G+g or global expert id (t*G+g)*E+e (SPEC-004); fits in an unsigned 32-bit integer.
 */
export type GlobalGroupOrExpertId2 = number;

/**
 * Response of POST /v1/forward (SPEC-002, SPEC-005, SPEC-010): per sequence in request order, per token in position order, the logits digest, optional logits and routing trace, the token's FLOPs and parameter bytes, and the sequence and result digests.
 */
export interface ForwardResult {
  model: ModelName;
  seed: Unsigned64BitInteger;
  /**
   * One entry per request sequence, in request order.
   *
   * @minItems 1
   */
  sequences: SequenceResult[];
  digest: SHA256Digest2;
  dispatch?: DispatchTrace;
}
/**
 * The result of one sequence.
 */
export interface SequenceResult {
  /**
   * One entry per token of the sequence, in position order.
   *
   * @minItems 1
   * @maxItems 4096
   */
  tokens: TokenResult[];
  digest: SHA256Digest1;
}
/**
 * The result at one position.
 */
export interface TokenResult {
  digest: SHA256Digest;
  /**
   * Present exactly when the request set logits true: vocab binary32 values in vocabulary order.
   *
   * @minItems 2
   * @maxItems 65536
   */
  logits?: number[];
  /**
   * Present exactly when the request set trace true: one entry per layer, in layer order.
   *
   * @minItems 1
   * @maxItems 64
   */
  routes?: LayerRoute[];
  flops: TokenFLOPs;
  parameterBytes: NonNegativeSafeInteger5;
}
/**
 * The experts selected for one token at one layer (SPEC-003), in output order.
 */
export interface LayerRoute {
  layer: LayerIndex;
  /**
   * Selected experts in SPEC-003 output order: k_tier*k_group*k_expert entries.
   *
   * @minItems 1
   */
  experts: {
    tier: HierarchyIndex;
    group: HierarchyIndex1;
    expert: HierarchyIndex2;
    id: GlobalGroupOrExpertId;
    gate: GateWeight;
  }[];
}
/**
 * FLOPs of one token, a multiply-add counting 2 (SPEC-005): each term summed over layers where it applies; total is the sum of the four terms.
 */
export interface TokenFLOPs {
  attention: NonNegativeSafeInteger;
  router: NonNegativeSafeInteger1;
  experts: NonNegativeSafeInteger2;
  output: NonNegativeSafeInteger3;
  total: NonNegativeSafeInteger4;
}
/**
 * Present exactly when the request set dispatch true (SPEC-044 §4.5): how each layer packed its rows by routed expert and ran them, and what the tier prefetch of SPEC-045 predicted for it.
 */
export interface DispatchTrace {
  /**
   * The request's capacity, or null when it set none.
   */
  capacity: number | null;
  /**
   * One entry per layer, in layer order.
   *
   * @minItems 1
   * @maxItems 64
   */
  layers: LayerDispatch[];
}
/**
 * The expert batches of one layer and the prefetch prediction made for it.
 */
export interface LayerDispatch {
  layer: LayerIndex1;
  /**
   * Expert batches in execution order: experts by ascending global id, each expert's rows in ascending order split into consecutive batches of at most capacity rows.
   *
   * @minItems 1
   */
  batches: ExpertBatch[];
  /**
   * What the tier prefetch (SPEC-045) predicted for this layer and staged; null when no prediction was made for it (layer 0, or no prefetch).
   */
  prefetch: LayerPrefetch | null;
}
/**
 * One run of an expert's FFN over some of the rows routed to it.
 */
export interface ExpertBatch {
  expert: GlobalGroupOrExpertId1;
  /**
   * Rows of the request's packed batch (sequences concatenated in request order, tokens in position order), ascending.
   *
   * @minItems 1
   */
  rows: NonNegativeSafeInteger6[];
}
/**
 * The prediction of SPEC-045 §4.1 for one layer.
 */
export interface LayerPrefetch {
  /**
   * Predicted global expert ids in ranking order, at most tiers.prefetch.experts.
   */
  predicted: GlobalGroupOrExpertId2[];
  /**
   * The predicted experts the prefetch placed hot (neither hot nor loading before), ascending.
   */
  staged: GlobalGroupOrExpertId2[];
}
