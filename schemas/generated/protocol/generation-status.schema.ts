/* Generated from schemas/protocol/generation-status.schema.json by npm run gen. Do not edit. */

/**
 * The generation id.
 */
export type GenerationId = string;
/**
 * Model id.
 */
export type ModelName = string;
/**
 * Completion tokens generated before the end.
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
 * The SPEC-007 error object; present exactly when finishReason is 'error'.
 */
export type Error = {
  [k: string]: unknown;
} & {
  code: ErrorCode;
  domain: ErrorDomain;
  /**
   * Human-readable explanation; not part of the contract.
   */
  message: string;
  /**
   * Whether repeating the identical request may succeed without the client changing anything.
   */
  retryable: boolean;
};
/**
 * Stable error code from specs/error-registry.json.
 */
export type ErrorCode = string;
/**
 * The code's domain.
 */
export type ErrorDomain =
  | 'protocol'
  | 'auth'
  | 'model'
  | 'routing'
  | 'control'
  | 'forward'
  | 'compute'
  | 'memory'
  | 'state'
  | 'deadline'
  | 'storage'
  | 'snapshot'
  | 'generation'
  | 'budget'
  | 'tenant'
  | 'internal';

/**
 * Response of GET /v1/generations/{id} (SPEC-047): where the caller's generation stands and, once finished, its outcome.
 */
export interface GenerationStatus {
  id: GenerationId;
  model: ModelName;
  /**
   * 'queued' waiting for admission, 'running' admitted and decoding, 'finished' ended (outcome present).
   */
  state: 'queued' | 'running' | 'finished';
  /**
   * Present exactly when state is 'finished'.
   */
  outcome?: {
    /**
     * Why the generation ended.
     */
    finishReason: 'stop' | 'length' | 'cancelled' | 'error';
    tokens: CompletionTokens;
    /**
     * Decoded completion text.
     */
    text: string;
    usage: Usage;
    timing: SchedulerTiming;
    error?: Error;
  };
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
