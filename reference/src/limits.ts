// Declared limits (SPEC-000 info.limits); requests beyond them fail with the code SPEC-007 names.

export interface RuntimeLimits {
  maxDModel: number;
  maxTokensPerRequest: number;
  maxManifestBytes: number;
  maxShardBytes: number;
  maxModels: number;
}

export const DEFAULT_LIMITS: Readonly<RuntimeLimits> = Object.freeze({
  maxDModel: 4096,
  maxTokensPerRequest: 1024,
  maxManifestBytes: 1024 * 1024,
  maxShardBytes: 256 * 1024 * 1024,
  maxModels: 16,
});
