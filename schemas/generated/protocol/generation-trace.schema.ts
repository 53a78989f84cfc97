/* Generated from schemas/protocol/generation-trace.schema.json by npm run gen. Do not edit. */

/**
 * The generation id.
 */
export type GenerationId = string;
/**
 * Id of the model that generates.
 */
export type ModelName = string;
/**
 * A reading of the runtime's monotonic clock in milliseconds; only differences between readings are meaningful.
 */
export type ClockReading = number;

/**
 * Body of GET /v1/generations/{id}/trace (SPEC-049): the spans of one generation, with clock readings and counts only. It carries no prompt or completion content and no tenant.
 */
export interface GenerationTrace {
  id: GenerationId;
  model: ModelName;
  /**
   * 'queued' waiting for admission, 'running' admitted and not finished, 'finished' ended.
   */
  status: 'queued' | 'running' | 'finished';
  /**
   * Why the generation ended; null until it has.
   */
  finishReason: ('stop' | 'length' | 'cancelled' | 'error') | null;
  /**
   * The registered error code that ended the generation when finishReason is 'error'; null otherwise.
   */
  errorCode: string | null;
  /**
   * Prompt tokens of the generation.
   */
  promptTokens: number;
  /**
   * Prompt positions served from the prefix cache (0 until admitted).
   */
  cachedTokens: number;
  /**
   * Completion tokens sampled so far (the final usage figure once finished).
   */
  completionTokens: number;
  /**
   * The spans the generation entered, in order: queue, then prefill once admitted, then decode once its first token was sampled. Each span starts where the one before it ended.
   *
   * @minItems 1
   * @maxItems 3
   */
  spans: (QueueSpan | PrefillSpan | DecodeSpan)[];
}
/**
 * From joining the queue to admission (pages reserved), or to the end of a generation that was never admitted.
 */
export interface QueueSpan {
  /**
   * Span name.
   */
  name: 'queue';
  /**
   * When the generation joined the queue.
   */
  start: number;
  /**
   * When it was admitted (or ended in the queue).
   */
  end: ClockReading | null;
}
/**
 * From admission to the first completion token (the step that computes the prompt), or to the end of a generation that sampled none.
 */
export interface PrefillSpan {
  /**
   * Span name.
   */
  name: 'prefill';
  /**
   * A reading of the runtime's monotonic clock in milliseconds; only differences between readings are meaningful.
   */
  start: number;
  /**
   * When its first completion token was sampled (or it ended before).
   */
  end: ClockReading | null;
  /**
   * Prompt positions computed: promptTokens - cachedTokens.
   */
  computedTokens: number;
  /**
   * Prompt positions served from the prefix cache.
   */
  cachedTokens: number;
}
/**
 * From the first completion token to the end of the generation.
 */
export interface DecodeSpan {
  /**
   * Span name.
   */
  name: 'decode';
  /**
   * A reading of the runtime's monotonic clock in milliseconds; only differences between readings are meaningful.
   */
  start: number;
  /**
   * When the generation ended.
   */
  end: ClockReading | null;
  /**
   * Completion tokens sampled after the first: completionTokens - 1 once finished.
   */
  tokens: number;
}
