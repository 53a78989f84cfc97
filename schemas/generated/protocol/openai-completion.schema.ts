/* Generated from schemas/protocol/openai-completion.schema.json by npm run gen. Do not edit. */

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
 * 200 body of POST /v1/completions when not streamed (SPEC-047, OpenAI framing). Also holds the shared definitions of the OpenAI messages.
 */
export interface OpenAICompletion {
  id: GenerationId;
  /**
   * The object type.
   */
  object: 'text_completion';
  created: NonNegativeSafeInteger;
  model: ModelName;
  /**
   * Exactly one choice.
   *
   * @minItems 1
   * @maxItems 1
   */
  choices: OpenAICompletionChoice[];
  usage: OpenAIUsage;
}
/**
 * The completion.
 */
export interface OpenAICompletionChoice {
  /**
   * Always 0.
   */
  index: 0;
  /**
   * The completion text: UTF-8 decoding of the completion tokens (SPEC-043).
   */
  text: string;
  finish_reason: OpenAIFinishReason;
  /**
   * Always null: log probabilities are not reported.
   */
  logprobs: null;
}
/**
 * Token accounting.
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
