/* Generated from schemas/protocol/snapshot-create-request.schema.json by npm run gen. Do not edit. */

/**
 * Id of a loaded model.
 */
export type ModelName = string;
/**
 * Id of the snapshot to create; must not be taken.
 */
export type SnapshotId = string;

/**
 * Body of POST /v1/snapshots (SPEC-030): the loaded model to snapshot and the id of the new snapshot.
 */
export interface SnapshotCreateRequest {
  model: ModelName;
  id: SnapshotId;
}
