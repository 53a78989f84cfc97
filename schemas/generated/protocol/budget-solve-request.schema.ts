/* Generated from schemas/protocol/budget-solve-request.schema.json by npm run gen. Do not edit. */

/**
 * Id of a loaded formatVersion 2 model.
 */
export type ModelName = string;

/**
 * Body of POST /v1/budget/solve (SPEC-042, SPEC-048): the routing a request to this model with this tier set and budget would get.
 */
export interface BudgetSolveRequest {
  model: ModelName;
  /**
   * Predicted per-token latency, in milliseconds, the routing must not exceed (SPEC-042).
   */
  latencyMs?: number;
  /**
   * Cost per token, in cost units of the deployment's cost model, the routing must not exceed (SPEC-048).
   */
  maxCost?: number;
  /**
   * Tiers the request may route to (SPEC-041), each a tier index of the model; checked semantically (empty, repeated or unknown tiers: E_ROUTING_TIERSET). Absent means the deployment's default tier set for the model.
   *
   * @maxItems 4096
   */
  tierSet?: number[];
}
