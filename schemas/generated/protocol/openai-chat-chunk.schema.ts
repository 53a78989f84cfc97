/* Generated from schemas/protocol/openai-chat-chunk.schema.json by npm run gen. Do not edit. */

/**
 * The generation id; GET /v1/generations/{id} answers it for the same caller.
 */
export type GenerationId = string;
/**
 * Unix time in whole seconds when the response was created; informational, not part of any deterministic result.
 */
export type NonNegativeSafeInteger = number;
/**
 * Id of the model that generated.
 */
export type ModelName = string;
/**
 * "stop": a stop sequence ended the completion; "length": max tokens were generated; "cancelled" (not an OpenAI value): the generation was cancelled through DELETE /v1/generations/{id}.
 */
export type OpenAIFinishReason = 'stop' | 'length' | 'cancelled';
/**
 * Prompt tokens: the UTF-8 bytes of the prompt (promptTokens of the generation).
 */
export type NonNegativeSafeInteger1 = number;
/**
 * Completion tokens of the generation (completionTokens of its SPEC-047 usage record).
 */
export type NonNegativeSafeInteger2 = number;
/**
 * prompt_tokens + completion_tokens.
 */
export type NonNegativeSafeInteger3 = number;
/**
 * Prompt positions served from the tenant's prefix cache (SPEC-046).
 */
export type NonNegativeSafeInteger4 = number;

/**
 * JSON of one "data:" line of a streamed POST /v1/chat/completions (SPEC-047, OpenAI framing); the stream ends with "data: [DONE]". A first chunk with the role, one chunk per token event, then one with the finish reason; the delta contents, in order, concatenate to the message content. An error after the stream began is a data line holding {"error": {...}} (the SPEC-007 error object), then [DONE].
 */
export interface OpenAIChatCompletionChunk {
  id: GenerationId;
  /**
   * The object type.
   */
  object: 'chat.completion.chunk';
  created: NonNegativeSafeInteger;
  model: ModelName;
  /**
   * One choice, or none in the usage chunk.
   *
   * @maxItems 1
   */
  choices: OpenAIChatChunkChoice[];
  /**
   * Present only when stream_options.include_usage is true: null on every chunk but the usage chunk, which has no choices.
   */
  usage?: null | OpenAIUsage;
}
/**
 * A delta of the assistant message, or its end.
 */
export interface OpenAIChatChunkChoice {
  /**
   * Always 0.
   */
  index: 0;
  /**
   * What the chunk adds to the message; empty in the last choice chunk.
   */
  delta: {
    /**
     * In the first chunk only, which has no content: "assistant".
     */
    role?: 'assistant';
    /**
     * Text of one token event: what its token completes (possibly empty).
     */
    content?: string;
  };
  /**
   * null until the last choice chunk, which carries the finish reason.
   */
  finish_reason: null | OpenAIFinishReason;
  /**
   * Always null: log probabilities are not reported.
   */
  logprobs: null;
}
/**
 * Token accounting of the generation (the usage record of SPEC-047 under OpenAI names).
 */
export interface OpenAIUsage {
  prompt_tokens: NonNegativeSafeInteger1;
  completion_tokens: NonNegativeSafeInteger2;
  total_tokens: NonNegativeSafeInteger3;
  /**
   * Breakdown of the prompt tokens.
   */
  prompt_tokens_details: {
    cached_tokens: NonNegativeSafeInteger4;
  };
}
