/* Generated from schemas/protocol/generate-request.schema.json by npm run gen. Do not edit. */

/**
 * Id of a loaded formatVersion 2 model.
 */
export type ModelName = string;
/**
 * Sampling seed (SPEC-043). Absent means "0".
 */
export type Unsigned64BitInteger = string;

/**
 * Body of POST /v1/generate (SPEC-043, SPEC-047): a prompt of token ids and how to continue it. An empty prompt, or prompt tokens plus maxTokens beyond the model's maxSeq, is the semantic error E_GENERATION_LENGTH; a token id outside the model's vocab is E_FORWARD_TOKEN.
 */
export interface GenerateRequest {
  model: ModelName;
  /**
   * Prompt token ids, in order.
   */
  prompt: number[];
  /**
   * Most completion tokens to generate. Absent means 16.
   */
  maxTokens?: number;
  /**
   * Sampling temperature; 0 (the default) is greedy decoding (SPEC-043).
   */
  temperature?: number;
  /**
   * Nucleus mass kept when sampling, in (0, 1]. Absent means 1.
   */
  topP?: number;
  seed?: Unsigned64BitInteger;
  /**
   * Stop sequences of token ids: generation ends when the completion ends with one, which is left out of the output.
   *
   * @maxItems 16
   */
  stop?: number[][];
  /**
   * When true the response is a text/event-stream of generation events (SPEC-047). Absent means false.
   */
  stream?: boolean;
  /**
   * Milliseconds from admission within which the generation must finish, else E_DEADLINE_EXCEEDED (SPEC-002).
   */
  deadlineMs?: number;
  /**
   * Tiers the request may route to (SPEC-041). Absent means the deployment's default tier set.
   */
  tierSet?: number[];
  /**
   * Latency and cost limits the routing must meet (SPEC-042, SPEC-048).
   */
  budget?: {
    /**
     * Predicted per-token latency the routing must not exceed, in milliseconds.
     */
    latencyMs?: number;
    /**
     * Cost per token, in cost units of the deployment's cost model, the routing must not exceed.
     */
    maxCost?: number;
  };
}
