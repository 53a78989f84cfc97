/* Generated from schemas/protocol/generation-event.schema.json by npm run gen. Do not edit. */

/**
 * JSON carried in the 'data:' field of one SSE event of a generation stream (SPEC-047); 'type' equals the 'event:' field and the SSE 'id:' is the event's 0-based position in the stream.
 */
export type GenerationEvent = StartEvent | TokenEvent | UsageEvent | ErrorEvent | DoneEvent;
/**
 * The generation id.
 */
export type GenerationId = string;
/**
 * Model id.
 */
export type ModelName = string;
/**
 * Prompt tokens of the request.
 */
export type NonNegativeSafeInteger = number;
/**
 * Prompt tokens of the request.
 */
export type NonNegativeSafeInteger1 = number;
/**
 * Completion tokens sampled: the output tokens plus the stop sequence that ended the generation, if any (they were computed).
 */
export type NonNegativeSafeInteger2 = number;
/**
 * Prompt positions served from the tenant's prefix cache instead of being computed (SPEC-046); a multiple of the page size, at most promptTokens - 1.
 */
export type NonNegativeSafeInteger3 = number;
/**
 * promptTokens + completionTokens.
 */
export type NonNegativeSafeInteger4 = number;
/**
 * The SPEC-007 error object, as in an error envelope.
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
 * First event (SSE id 0): the generation was accepted.
 */
export interface StartEvent {
  /**
   * Event type; equals the SSE 'event:' field.
   */
  type: 'start';
  id: GenerationId;
  model: ModelName;
  promptTokens: NonNegativeSafeInteger;
}
/**
 * One completion token, in generation order.
 */
export interface TokenEvent {
  /**
   * Event type; equals the SSE 'event:' field.
   */
  type: 'token';
  /**
   * 0-based index of the token within the completion.
   */
  index: number;
  /**
   * The token id.
   */
  token: number;
  /**
   * Text this token completes: the characters whose last byte it is (empty while a multi-byte UTF-8 character is incomplete; U+FFFD for invalid bytes).
   */
  text: string;
}
/**
 * Final usage record, after the last token event.
 */
export interface UsageEvent {
  /**
   * Event type; equals the SSE 'event:' field.
   */
  type: 'usage';
  promptTokens: NonNegativeSafeInteger1;
  completionTokens: NonNegativeSafeInteger2;
  cachedTokens: NonNegativeSafeInteger3;
  totalTokens: NonNegativeSafeInteger4;
  /**
   * Cost of the generation in cost units of the deployment's cost model (SPEC-048); absent when no cost model applies.
   */
  cost?: number;
  /**
   * Why the generation ended; never 'error' (an error event replaces usage and done).
   */
  finishReason: 'stop' | 'length' | 'cancelled';
}
/**
 * A coded error ended the generation; the last event of the stream.
 */
export interface ErrorEvent {
  /**
   * Event type; equals the SSE 'event:' field.
   */
  type: 'error';
  error: Error;
}
/**
 * Last event after usage: the stream is complete.
 */
export interface DoneEvent {
  /**
   * Event type; equals the SSE 'event:' field.
   */
  type: 'done';
}
