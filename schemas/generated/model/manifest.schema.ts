/* Generated from schemas/model/manifest.schema.json by npm run gen. Do not edit. */

/**
 * The model name; also the model id once loaded.
 */
export type ModelName = string;
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
 * SHA-256 of the shard bytes.
 */
export type SHA256Digest = string;

/**
 * The manifest.json served for a conformance model (SPEC-000 section 4): the descriptor plus one entry per safetensors shard. Shard paths are resolved relative to the manifest URL. The manifest digest is SHA-256 of the manifest bytes as served (SPEC-010).
 */
export interface ConformanceModelManifest {
  /**
   * Manifest format version.
   */
  formatVersion: 1;
  /**
   * The model family; equal to descriptor.family.
   */
  family: 'litellm-conformance';
  descriptor: ConformanceModelDescriptor;
  /**
   * The shards. A formatVersion 1 model has one per layer ('layer-<l>.safetensors'); a formatVersion 2 model has 'globals.safetensors' first, then one per layer. Together they hold every tensor of the model exactly once (SPEC-004).
   *
   * @minItems 1
   * @maxItems 65
   */
  shards: {
    /**
     * Relative path of the shard: '/'-separated segments of letters, digits, '.', '_' and '-', no segment starting with '.', so it cannot leave the manifest's directory.
     */
    path: string;
    /**
     * Shard length in bytes; at least the 8-byte header-length prefix.
     */
    size: number;
    sha256: SHA256Digest;
    /**
     * Names of the tensors the shard holds.
     *
     * @minItems 1
     */
    tensors: string[];
  }[];
}
/**
 * The model descriptor.
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
  name: ModelName;
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
