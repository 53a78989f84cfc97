/* Generated from schemas/protocol/snapshot-created.schema.json by npm run gen. Do not edit. */

/**
 * Id of the snapshot written.
 */
export type SnapshotId = string;
/**
 * Id of the model that was snapshotted; a restore without 'as' loads it under this id.
 */
export type ModelName = string;
/**
 * The snapshotted Model's manifestDigest: SHA-256 of model-manifest.json, or for the built-in model SHA-256 of the canonical JSON of its descriptor (SPEC-029 section 4.1).
 */
export type SHA256Digest = string;
/**
 * Length of the file in bytes.
 */
export type NonNegativeSafeInteger = number;
/**
 * SHA-256 of the file's bytes.
 */
export type SHA256Digest1 = string;
/**
 * SHA-256 of the concatenation, in the order of files, of '<sha256> <size> <path>' plus a line feed per entry (UTF-8).
 */
export type SHA256Digest2 = string;

/**
 * Response 201 of POST /v1/snapshots (SPEC-030): the new snapshot's id and its checkpoint manifest, as GET /v1/snapshots/{id} returns it afterwards.
 */
export interface SnapshotCreated {
  id: SnapshotId;
  checkpoint: CheckpointManifest;
}
/**
 * Its checkpoint manifest (SPEC-029).
 */
export interface CheckpointManifest {
  /**
   * Checkpoint format version; 1 for this schema. A reader refuses any other value.
   */
  formatVersion: 1;
  modelId: ModelName;
  manifestDigest: SHA256Digest;
  /**
   * Every file of the snapshot except checkpoint.json: model-manifest.json and the shards it lists, sorted by path in ascending code-point order, each path once.
   *
   * @minItems 2
   * @maxItems 66
   */
  files: {
    /**
     * Path relative to the snapshot directory: '/'-separated segments of letters, digits, '.', '_' and '-', no segment starting with '.' (the shard path rule of the model manifest).
     */
    path: string;
    size: NonNegativeSafeInteger;
    sha256: SHA256Digest1;
  }[];
  rootDigest: SHA256Digest2;
  /**
   * Reserved for SPEC-052: null until a signer fills it; never covered by rootDigest.
   */
  signature: null | {
    /**
     * Identifier of the signing key.
     */
    keyId: string;
    /**
     * Signature algorithm name.
     */
    algorithm: string;
    /**
     * The signature, encoded as SPEC-052 defines.
     */
    value: string;
  };
}
