/* Generated from schemas/protocol/state.schema.json by npm run gen. Do not edit. */

/**
 * Response of GET /v1/state (SPEC-000): the runtime state and the number of loaded models. SPEC-009 may add states in a later protocol minor version.
 */
export interface RuntimeState {
  /**
   * Runtime state.
   */
  state: 'ready';
  /**
   * Number of loaded models; equals the length of GET /v1/models.
   */
  models: number;
}
