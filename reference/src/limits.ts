// Declared limits (SPEC-000 info.limits, SPEC-001 §4.3); requests beyond them fail with the code SPEC-007 names.

export interface PerLevelK {
  tier: number;
  group: number;
  expert: number;
}

export interface RuntimeLimits {
  maxDModel: number;
  maxTokensPerRequest: number;
  maxManifestBytes: number;
  maxShardBytes: number;
  maxModels: number;
  /** Largest descriptor maxSeq loaded (SPEC-001 §4.3, E_MODEL_LIMIT). */
  maxSeq: number;
  /** Largest topK per routing level (SPEC-005 §4.4, E_COMPUTE_BOUND). */
  maxK: PerLevelK;
  /** Largest per-token FLOPs of a model at position maxSeq - 1 (SPEC-005 §4.4, E_COMPUTE_BOUND). */
  maxActiveFlopsPerToken: number;
  /** Resident-parameter budget at start and after reset (SPEC-006); the control API may move the current one. */
  memoryBudgetBytes: number;
}

export const DEFAULT_LIMITS: Readonly<RuntimeLimits> = Object.freeze({
  maxDModel: 4096,
  maxTokensPerRequest: 1024,
  maxManifestBytes: 1024 * 1024,
  maxShardBytes: 256 * 1024 * 1024,
  maxModels: 16,
  // No sequence longer than one request's token limit could ever be sent whole.
  maxSeq: 1024,
  maxK: Object.freeze({ tier: 64, group: 64, expert: 64 }),
  // 2^32: far above the family and the builtin model, well below the heavy descriptor of SPEC-005 §4.4 at
  // maxDModel 4096 (about 4.5e11), so that descriptor is refused from its metadata alone.
  maxActiveFlopsPerToken: 2 ** 32,
  memoryBudgetBytes: 2 * 1024 * 1024 * 1024,
});

/** Pages of the KV pool (16 positions each, SPEC-046) when the runtime is not told otherwise (--kv-pages). */
export const DEFAULT_KV_PAGES = 1024;
/** Sequences one generation step runs (SPEC-043) when the runtime is not told otherwise (--max-batch). */
export const DEFAULT_MAX_BATCH = 64;
