/* Generated from schemas/protocol/snapshot-list.schema.json by npm run gen. Do not edit. */

/**
 * Snapshot id.
 */
export type SnapshotId = string;
/**
 * The checkpoint's modelId.
 */
export type ModelName = string;
/**
 * The checkpoint's rootDigest.
 */
export type SHA256Digest = string;

/**
 * Response of GET /v1/snapshots (SPEC-030): every complete snapshot, sorted by id in ascending code-point order, ids unique.
 */
export interface SnapshotList {
  /**
   * Complete snapshots sorted by id.
   */
  snapshots: {
    id: SnapshotId;
    modelId: ModelName;
    rootDigest: SHA256Digest;
  }[];
}
