/* Generated from schemas/protocol/forward-request.schema.json by npm run gen. Do not edit. */

/**
 * Id of a loaded formatVersion 2 model.
 */
export type ModelName = string;

/**
 * Body of POST /v1/forward (SPEC-002). Only the syntactic shape is here: zero sequences, an empty sequence, a sequence longer than the model's maxSeq or more tokens in total than maxTokensPerRequest (E_FORWARD_LENGTH), and a token that is negative, not an integer or not below the model's vocab (E_FORWARD_TOKEN) are semantic errors with their own codes, so this schema deliberately leaves them open.
 */
export interface ForwardRequest {
  model: ModelName;
  /**
   * Token id sequences, each run through the model independently; results come back in this order.
   */
  sequences: number[][];
  /**
   * When true, every token result carries its per-layer routing trace. Absent means false.
   */
  trace?: boolean;
  /**
   * When true, every token result carries its logits. Absent means false.
   */
  logits?: boolean;
  /**
   * Milliseconds from admission within which the result must be emitted, else E_DEADLINE_EXCEEDED (SPEC-002).
   */
  deadlineMs?: number;
  /**
   * Tiers the request may route to (SPEC-041); checked semantically (E_ROUTING_TIERSET, E_ROUTING_HARDWARE). Absent means the deployment's default tier set for the model.
   *
   * @maxItems 4096
   */
  tierSet?: number[];
  /**
   * Latency and cost limits the routing must meet (SPEC-042, SPEC-048); E_BUDGET_INFEASIBLE or E_BUDGET_COST when none does.
   */
  budget?: {
    /**
     * Predicted per-token latency, in milliseconds, the routing must not exceed (SPEC-042).
     */
    latencyMs?: number;
    /**
     * Cost per token, in cost units of the deployment's cost model, the routing must not exceed (SPEC-048).
     */
    maxCost?: number;
  };
  /**
   * When true, the result carries the dispatch trace of SPEC-044: per layer, the expert batches in execution order. Absent means false.
   */
  dispatch?: boolean;
  /**
   * Rows at most per expert batch (SPEC-044 §4.3); results are the same whatever the capacity. Absent: each expert runs all its rows in one batch.
   */
  capacity?: number;
}
