/* Generated from schemas/protocol/snapshot-restore-request.schema.json by npm run gen. Do not edit. */

/**
 * Model id of the restored model.
 */
export type ModelName = string;

/**
 * Body of POST /v1/snapshots/{id}/restore (SPEC-030), which may also be sent empty: the model id to restore as, the checkpoint's modelId when absent.
 */
export interface SnapshotRestoreRequest {
  as?: ModelName;
}
