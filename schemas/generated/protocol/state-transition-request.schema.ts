/* Generated from schemas/protocol/state-transition-request.schema.json by npm run gen. Do not edit. */

/**
 * Body of POST /v1/conformance/state (SPEC-009): the transition to apply. A transition that the current state does not allow is refused with E_STATE_TRANSITION.
 */
export interface StateTransitionRequest {
  /**
   * drain: ready -> draining; resume: draining -> ready; degrade: ready -> degraded; recover: degraded -> ready; fail: ready, draining or degraded -> failed.
   */
  transition: 'drain' | 'resume' | 'degrade' | 'recover' | 'fail';
}
