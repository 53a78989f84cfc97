/* Generated from schemas/protocol/budget-solution.schema.json by npm run gen. Do not edit. */

/**
 * The model of the request.
 */
export type ModelName = string;

/**
 * Answer of POST /v1/budget/solve (SPEC-042 §4.3, SPEC-048 §4.3): the routing chosen, its predicted per-token latency and its cost per token.
 */
export interface BudgetSolution {
  model: ModelName;
  /**
   * Effective top-k per level (SPEC-003 levels), each between 1 and the descriptor's.
   */
  topK: {
    /**
     * Tiers selected per token.
     */
    tier: number;
    /**
     * Groups selected per selected tier.
     */
    group: number;
    /**
     * Experts selected per selected group.
     */
    expert: number;
  };
  /**
   * The tiers the routing may select, ascending.
   *
   * @minItems 1
   */
  tierSet: number[];
  /**
   * Routed experts per token and layer: topK.tier × topK.group × topK.expert.
   */
  experts: number;
  /**
   * Predicted per-token latency of this routing under the deployment's cost model, in milliseconds (SPEC-042 §4.2).
   */
  predictedLatencyMs: number;
  /**
   * Cost per token of this routing in cost units (SPEC-048 §4.1).
   */
  costPerToken: number;
}
