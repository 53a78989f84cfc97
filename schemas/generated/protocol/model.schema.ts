/* Generated from schemas/protocol/model.schema.json by npm run gen. Do not edit. */

/**
 * Model id; equals descriptor.name.
 */
export type ModelName = string;
/**
 * SHA-256 of the manifest bytes as fetched; for a built-in model, of its descriptor's canonical JSON (SPEC-001).
 */
export type SHA256Digest = string;
/**
 * The model name; also the model id once loaded.
 */
export type ModelName1 = string;
/**
 * Weight seed S (SPEC-010 labels) and default routing seed (SPEC-003).
 */
export type Unsigned64BitInteger = string;
/**
 * T, the number of tiers.
 */
export type HierarchyCount = number;
/**
 * G, the number of groups in every tier.
 */
export type HierarchyCount1 = number;
/**
 * E, the number of experts in every group.
 */
export type HierarchyCount2 = number;
/**
 * k_tier, at most tiers.
 */
export type HierarchyCount3 = number;
/**
 * k_group, at most groupsPerTier.
 */
export type HierarchyCount4 = number;
/**
 * k_expert, at most expertsPerGroup.
 */
export type HierarchyCount5 = number;
/**
 * The layer whose router tensor is edited; below layers.
 */
export type LayerIndex = number;
/**
 * The router tensor edited: tier, group or expert.
 */
export type RoutingLevel = 'tier' | 'group' | 'expert';
/**
 * Source row.
 */
export type GlobalGroupOrExpertId = number;
/**
 * Destination row, overwritten.
 */
export type GlobalGroupOrExpertId1 = number;

/**
 * A loaded model (SPEC-000, SPEC-004): response of POST /v1/models and GET /v1/models/{id}, and element of the model list.
 */
export interface Model {
  id: ModelName;
  /**
   * Only fully loaded and verified models are listed.
   */
  status: 'ready';
  manifestDigest: SHA256Digest;
  descriptor: ConformanceModelDescriptor;
  /**
   * Number of parameters (SPEC-004): layers*(T + T*G + T*G*E)*dModel router parameters for a formatVersion 1 descriptor; the element count of every tensor for formatVersion 2.
   */
  parameters: number;
}
/**
 * The descriptor from the manifest, unchanged.
 */
export interface ConformanceModelDescriptor {
  /**
   * The model family; always litellm-conformance.
   */
  family: 'litellm-conformance';
  /**
   * Descriptor format version: 1 (router only) or 2 (full transformer, SPEC-004).
   */
  formatVersion: 1 | 2;
  name: ModelName1;
  seed: Unsigned64BitInteger;
  /**
   * Hidden size d: length of each router weight row and of each routed hidden vector.
   */
  dModel: number;
  /**
   * Number of MoE layers L; layer indices are 0..L-1.
   */
  layers: number;
  /**
   * Counts of the Tier -> Group -> Expert hierarchy.
   */
  hierarchy: {
    tiers: HierarchyCount;
    groupsPerTier: HierarchyCount1;
    expertsPerGroup: HierarchyCount2;
  };
  /**
   * How many candidates routing selects at each level; each at most the count at its level (SPEC-004).
   */
  topK: {
    tier: HierarchyCount3;
    group: HierarchyCount4;
    expert: HierarchyCount5;
  };
  /**
   * Engineered ties, applied in array order after weight generation: row 'to' of the router tensor of that layer and level becomes a copy of row 'from'.
   */
  ties?: {
    layer: LayerIndex;
    level: RoutingLevel;
    /**
     * Row indices (flat, into the first dimension of that tensor); from and to differ and are below the tensor's row count.
     */
    copy: {
      from: GlobalGroupOrExpertId;
      to: GlobalGroupOrExpertId1;
    };
  }[];
  /**
   * Version 2: vocabulary size; token ids are 0..vocab-1 (256 for byte-level models).
   */
  vocab?: number;
  /**
   * Version 2: attention heads; divides dModel, and dModel/heads is even (SPEC-004).
   */
  heads?: number;
  /**
   * Version 2: hidden size of every expert FFN and of the shared expert.
   */
  dFF?: number;
  /**
   * Version 2: whether every layer adds a shared expert FFN with gate 1.
   */
  sharedExpert?: boolean;
  /**
   * Version 2: RoPE frequency base, a finite number greater than 1.
   */
  ropeBase?: number;
  /**
   * Version 2: longest token sequence the model accepts.
   */
  maxSeq?: number;
}
