// What the scheduler reports as generations move through it (SPEC-049): telemetry implements these hooks to keep
// Prometheus metrics and per-request trace spans. Times are readings of the runtime's injected clock, in
// milliseconds; the hooks never see prompt or completion content, only counts, so nothing a tenant sent can reach a
// metric label or a span attribute through them.

export type FinishReason = 'stop' | 'length' | 'cancelled' | 'error';

export interface GenerationRef {
  /** The generation id (opaque, unguessable). */
  id: string;
  /** Tenant name, or `@admin` for the admin credential. */
  tenant: string;
  model: string;
}

export interface GenerationObserver {
  /** The request passed validation and quotas and joined the queue. */
  queued(ref: GenerationRef, at: number, promptTokens: number): void;
  /** The request left the queue: its pages are reserved and its first step is next. */
  admitted(ref: GenerationRef, at: number, cachedTokens: number): void;
  /** A quota refused a request (nothing queued). */
  rejected(tenant: string, code: string): void;
  /** One completion token was sampled; `index` 0 is the first token (its time gives time to first token). */
  token(ref: GenerationRef, at: number, index: number): void;
  /** The generation ended; `errorCode` is set when reason is 'error'. */
  finished(ref: GenerationRef, at: number, reason: FinishReason, usage: { promptTokens: number; completionTokens: number; cachedTokens: number }, errorCode?: string): void;
  /** One scheduler step ran over `sequences` sequences and `rows` packed rows. */
  step(at: number, durationMs: number, sequences: number, rows: number): void;
  /** Pool and queue figures after each step and each admission. */
  occupancy(figures: { queued: number; running: number; pagesFree: number; pagesActive: number; pagesCached: number }): void;
}

/** Observes nothing: the default when no telemetry is attached (unit tests of the scheduler). */
export const NO_OBSERVER: GenerationObserver = {
  queued: () => undefined,
  admitted: () => undefined,
  rejected: () => undefined,
  token: () => undefined,
  finished: () => undefined,
  step: () => undefined,
  occupancy: () => undefined,
};
