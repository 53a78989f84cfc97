/* Generated from schemas/protocol/info.schema.json by npm run gen. Do not edit. */

/**
 * Largest topK.tier.
 */
export type HierarchyCount = number;
/**
 * Largest topK.group.
 */
export type HierarchyCount1 = number;
/**
 * Largest topK.expert.
 */
export type HierarchyCount2 = number;

/**
 * Response of GET /v1/info (SPEC-000): runtime identity, protocol version, mode, claimed profiles and capabilities, and declared limits.
 */
export interface RuntimeInfo {
  /**
   * Runtime identity, recorded in every conformance report.
   */
  runtime: {
    /**
     * Runtime product name.
     */
    name: string;
    /**
     * Runtime version string.
     */
    version: string;
    /**
     * Optional, informational: which implementation of the compute kernels the runtime uses (for example native-avx512 or typescript). Not certified; results must not depend on it.
     */
    kernels?: string;
  };
  /**
   * Conformance Endpoint Protocol version, 'major.minor'; this suite speaks major 1.
   */
  protocolVersion: string;
  /**
   * conformance exposes the control API; production hides it.
   */
  mode: 'conformance' | 'production';
  /**
   * Claimed profiles; always includes core.
   *
   * @minItems 1
   */
  profiles: string[];
  /**
   * Claimed capabilities, dotted lower-case names such as models.load or route.
   */
  capabilities: string[];
  /**
   * Declared limits; requests beyond them fail with the code SPEC-007 names.
   */
  limits: {
    /**
     * Largest dModel the runtime loads.
     */
    maxDModel: number;
    /**
     * Most rows of hidden in one route request.
     */
    maxTokensPerRequest: number;
    /**
     * Largest manifest, in bytes.
     */
    maxManifestBytes: number;
    /**
     * Largest shard, in bytes.
     */
    maxShardBytes: number;
    /**
     * Most models loaded at once.
     */
    maxModels: number;
    /**
     * Largest descriptor maxSeq the runtime loads (SPEC-001).
     */
    maxSeq: number;
    /**
     * Most FLOPs one token may cost at the last position of a model's maxSeq; models beyond it are refused with E_COMPUTE_BOUND (SPEC-005).
     */
    maxActiveFlopsPerToken: number;
    /**
     * Largest topK accepted at each routing level; beyond it E_COMPUTE_BOUND (SPEC-005).
     */
    maxK: {
      tier: HierarchyCount;
      group: HierarchyCount1;
      expert: HierarchyCount2;
    };
    /**
     * Budget for resident parameters at startup and after reset, in bytes (SPEC-006).
     */
    memoryBudgetBytes: number;
  };
}
