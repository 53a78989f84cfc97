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
}
