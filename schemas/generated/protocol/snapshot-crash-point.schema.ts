/* Generated from schemas/protocol/snapshot-crash-point.schema.json by npm run gen. Do not edit. */

/**
 * Body and response of PUT /v1/conformance/storage/crash-point (SPEC-030 section 4.6): the next snapshot stops dead after write step afterStep, as a killed process would, and is answered 500 E_INTERNAL.
 */
export interface SnapshotCrashPoint {
  /**
   * The write to interrupt; only snapshot writes exist.
   */
  operation: 'snapshot';
  /**
   * The last write step that completes (numbered from 0, SPEC-030 section 4.6).
   */
  afterStep: number;
}
