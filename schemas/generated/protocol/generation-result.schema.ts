/* Generated from schemas/protocol/generation-result.schema.json by npm run gen. Do not edit. */

/**
 * The generation id; GET /v1/generations/{id} answers it for the same tenant.
 */
export type GenerationId = string;
/**
 * Id of the model that generated.
 */
export type ModelName = string;
/**
 * Completion token ids, stop-sequence tokens excluded.
 *
 * @maxItems 65536
 */
export type CompletionTokens = number[];
/**
 * Prompt tokens of the request.
 */
export type NonNegativeSafeInteger = number;
/**
 * Completion tokens sampled: the output tokens plus the stop sequence that ended the generation, if any (they were computed).
 */
export type NonNegativeSafeInteger1 = number;
/**
 * Prompt positions served from the tenant's prefix cache instead of being computed (SPEC-046); a multiple of the page size, at most promptTokens - 1.
 */
export type NonNegativeSafeInteger2 = number;
/**
 * promptTokens + completionTokens.
 */
export type NonNegativeSafeInteger3 = number;
/**
 * Scheduler steps that ran while the request waited in the queue.
 */
export type NonNegativeSafeInteger4 = number;
/**
 * Scheduler steps in which the generation took part (its decode steps).
 */
export type NonNegativeSafeInteger5 = number;

/**
 * 200 body of POST /v1/generate when not streamed (SPEC-043, SPEC-047). Also holds the shared definitions of the generation messages.
 */
export interface GenerationResult {
  id: GenerationId;
  model: ModelName;
  tokens: CompletionTokens;
  /**
   * UTF-8 decoding of the completion bytes under the byte tokenizer, invalid sequences replaced by U+FFFD.
   */
  text: string;
  /**
   * Why the generation ended; never 'error' here (a coded error is an error envelope).
   */
  finishReason: 'stop' | 'length' | 'cancelled';
  usage: Usage;
  timing: SchedulerTiming;
}
/**
 * Token accounting.
 */
export interface Usage {
  promptTokens: NonNegativeSafeInteger;
  completionTokens: NonNegativeSafeInteger1;
  cachedTokens: NonNegativeSafeInteger2;
  totalTokens: NonNegativeSafeInteger3;
  /**
   * Cost of the generation in cost units of the deployment's cost model (SPEC-048); absent when no cost model applies.
   */
  cost?: number;
}
/**
 * Scheduler steps queued and running.
 */
export interface SchedulerTiming {
  queueSteps: NonNegativeSafeInteger4;
  steps: NonNegativeSafeInteger5;
}
