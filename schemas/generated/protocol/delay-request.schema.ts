/* Generated from schemas/protocol/delay-request.schema.json by npm run gen. Do not edit. */

/**
 * Body and response of PUT /v1/conformance/delay (SPEC-002): an artificial delay before each layer of every forward request admitted afterwards. It changes timing only, never a result; reset sets it to 0.
 */
export interface Delay {
  /**
   * Milliseconds waited before each layer of a forward request; 0 disables the delay.
   */
  perLayerMs: number;
}
