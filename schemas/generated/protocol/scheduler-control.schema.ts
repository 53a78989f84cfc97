/* Generated from schemas/protocol/scheduler-control.schema.json by npm run gen. Do not edit. */

/**
 * Body of PUT /v1/conformance/scheduler (SPEC-043, conformance mode only): changes the decode scheduler's batch limit and pauses or resumes its steps. Absent members are left unchanged.
 */
export interface SchedulerControlRequest {
  /**
   * Most sequences admitted at once (batch slots); default 64.
   */
  maxBatch?: number;
  /**
   * When true no scheduler step runs and requests stay queued; false resumes.
   */
  paused?: boolean;
}
