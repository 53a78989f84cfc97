/* Generated from schemas/protocol/tier-budgets.schema.json by npm run gen. Do not edit. */

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
