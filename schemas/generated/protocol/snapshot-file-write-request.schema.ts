/* Generated from schemas/protocol/snapshot-file-write-request.schema.json by npm run gen. Do not edit. */

/**
 * Body of PUT /v1/conformance/storage/snapshots/{id}/files/{path} (SPEC-029 section 4.5): the bytes to store as that file of the snapshot directory, to damage a snapshot on purpose.
 */
export interface SnapshotFileWriteRequest {
  /**
   * The file's new contents in base64 (RFC 4648 section 4, with padding).
   */
  bytesBase64: string;
}
