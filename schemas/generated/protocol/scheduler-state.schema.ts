/* Generated from schemas/protocol/scheduler-state.schema.json by npm run gen. Do not edit. */

/**
 * Requests waiting for admission.
 */
export type NonNegativeSafeInteger = number;
/**
 * Admitted sequences.
 */
export type NonNegativeSafeInteger1 = number;

/**
 * Response of PUT /v1/conformance/scheduler (SPEC-043): the scheduler settings now in force and its queue figures.
 */
export interface SchedulerState {
  /**
   * Batch slots in force.
   */
  maxBatch: number;
  /**
   * Whether steps are paused.
   */
  paused: boolean;
  queued: NonNegativeSafeInteger;
  running: NonNegativeSafeInteger1;
}
