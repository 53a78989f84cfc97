/* Generated from schemas/protocol/state.schema.json by npm run gen. Do not edit. */

/**
 * Runtime state (SPEC-009).
 */
export type RuntimeStateName = 'initializing' | 'ready' | 'draining' | 'degraded' | 'failed';
/**
 * Number of legal transitions and resets since the process started (SPEC-009), 0 in a fresh process; it never decreases.
 */
export type NonNegativeSafeInteger = number;

/**
 * Response of GET /v1/state and POST /v1/conformance/state (SPEC-000, SPEC-009): the runtime state, the number of loaded models and the count of legal transitions and resets so far.
 */
export interface RuntimeState {
  state: RuntimeStateName;
  /**
   * Number of loaded models; equals the length of GET /v1/models.
   */
  models: number;
  since: NonNegativeSafeInteger;
}
