/* Generated from schemas/protocol/load-model-request.schema.json by npm run gen. Do not edit. */

/**
 * Body of POST /v1/models (SPEC-000, SPEC-001, SPEC-021): exactly one of manifestUrl, the absolute http(s) URL of a conformance model manifest, or builtin, the name of a model built into the runtime; optionally tiers, the byte budgets of a tiered model's expert storage.
 */
export type LoadModelRequest = {
  /**
   * Absolute http or https URL of manifest.json.
   */
  manifestUrl?: string;
  /**
   * A built-in model (SPEC-001, SPEC-021): default, or a procedural model whose experts are generated from its seed on demand.
   */
  builtin?: 'default' | 'procedural-1e8' | 'procedural-1e12';
  tiers?: TierBudgets;
} & (
  | {
      manifestUrl: unknown;
      [k: string]: unknown;
    }
  | {
      builtin: unknown;
      [k: string]: unknown;
    }
);

/**
 * Byte budgets of a tiered model's expert storage (SPEC-021 §4.2): hot slots the kernels read, the warm DRAM cache, and the cold files under the runtime's storage directory; optionally the tier prefetch of SPEC-045.
 */
export interface TierBudgets {
  /**
   * Bytes of hot slots; at least one expert's payload (3 x dModel x dFF x 4 bytes), else E_STORAGE_BUDGET.
   */
  hotBytes: number;
  /**
   * Bytes of the warm cache; 0 disables it.
   */
  warmBytes: number;
  /**
   * Bytes of cold expert files; 0 disables the cold tier (every miss then goes to the archive).
   */
  coldBytes: number;
  /**
   * The dynamic tier prefetch of SPEC-045. Absent: none.
   */
  prefetch?: {
    /**
     * Experts staged at most per layer and forward pass; 0 disables the prefetch.
     */
    experts: number;
  };
}
