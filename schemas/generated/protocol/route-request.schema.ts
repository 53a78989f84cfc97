/* Generated from schemas/protocol/route-request.schema.json by npm run gen. Do not edit. */

/**
 * Id of a loaded model.
 */
export type ModelName = string;

/**
 * Body of POST /v1/route (SPEC-003). Only the syntactic shape is here: a layer outside the model (E_ROUTING_LAYER), zero rows, too many rows or a row whose length differs from dModel (E_ROUTING_SHAPE), and a number that overflows binary64 (E_ROUTING_NOT_FINITE) are semantic errors with their own codes, so this schema deliberately leaves them open.
 */
export interface RouteRequest {
  model: ModelName;
  /**
   * Layer index; range checked against the model (E_ROUTING_LAYER).
   */
  layer: number;
  /**
   * One hidden vector per token; each must hold exactly dModel finite numbers.
   */
  hidden: number[][];
}
