/* Generated from schemas/protocol/snapshot-rescan.schema.json by npm run gen. Do not edit. */

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
 * Leftover entries (names starting with '.tmp-') removed.
 */
export type NonNegativeSafeInteger = number;
/**
 * Snapshot directories that failed verification, moved aside and no longer listed.
 */
export type NonNegativeSafeInteger1 = number;

/**
 * Response of POST /v1/conformance/storage/rescan (SPEC-030 section 4.5): the listing after the scan, the number of leftovers of interrupted writes removed and the number of snapshot directories moved aside because they failed verification.
 */
export interface SnapshotRescanResult {
  /**
   * Complete snapshots after the scan, sorted by id.
   */
  snapshots: {
    id: SnapshotId;
    modelId: ModelName;
    rootDigest: SHA256Digest;
  }[];
  removed: NonNegativeSafeInteger;
  quarantined: NonNegativeSafeInteger1;
}
