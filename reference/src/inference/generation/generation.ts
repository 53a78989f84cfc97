// One generation as the routes see it (SPEC-047): an append-only list of typed events (event i has SSE id i), live
// followers that receive events as they are appended (after a replay of those they missed), cancellation, and an
// outcome promise that settles exactly once and never rejects. The scheduler may hold delivery while it steps: events
// are appended at once but reach followers, each in order and exactly once, when it releases them.

import type { FinishReason } from './observer.ts';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  totalTokens: number;
  /** Cost units charged (SPEC-048), when the deployment has a cost model. */
  cost?: number;
}

/** The error envelope's `error` member, exactly as the HTTP error answer would carry it. */
export interface ErrorBody {
  code?: string;
  domain: string;
  message: string;
  retryable: boolean;
}

export type GenerationEvent =
  | { type: 'start'; id: string; model: string; promptTokens: number }
  | { type: 'token'; index: number; token: number; text: string }
  | ({ type: 'usage'; finishReason: Exclude<FinishReason, 'error'> } & Usage)
  | { type: 'error'; error: ErrorBody }
  | { type: 'done' };

export interface Timing {
  /** Scheduler steps that ran while the generation waited in the queue. */
  queueSteps: number;
  /** Scheduler steps it took part in. */
  steps: number;
}

export interface GenerationOutcome {
  id: string;
  model: string;
  tokens: number[];
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  timing: Timing;
  error?: ErrorBody;
  /** The registry code of `error` (the body may omit it under a fault switch). */
  errorCode?: string;
}

export type GenerationState = 'queued' | 'running' | 'finished';
export type EventListener = (event: GenerationEvent, index: number) => void;

interface Follower {
  listener: EventListener;
  /** Index of the next event it is to receive. */
  next: number;
}

export class Generation {
  readonly id: string;
  readonly model: string;
  readonly tenant: string;
  readonly promptTokens: number;
  readonly done: Promise<GenerationOutcome>;
  state: GenerationState = 'queued';
  outcome: GenerationOutcome | null = null;
  private readonly log: GenerationEvent[] = [];
  private readonly followers = new Set<Follower>();
  private held = false;
  private settle!: (outcome: GenerationOutcome) => void;
  private cancelHook: (() => void) | null = null;
  private cancelRequested = false;

  constructor(id: string, model: string, tenant: string, promptTokens: number) {
    this.id = id;
    this.model = model;
    this.tenant = tenant;
    this.promptTokens = promptTokens;
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  get events(): readonly GenerationEvent[] {
    return this.log;
  }

  get cancelled(): boolean {
    return this.cancelRequested;
  }

  /** Appends an event and hands it to every follower, unless delivery is held. */
  emit(event: GenerationEvent): void {
    this.log.push(event);
    if (!this.held) this.deliver();
  }

  /** Until release(), events are appended but not handed to followers. */
  hold(): void {
    this.held = true;
  }

  /** Hands every follower the events appended while delivery was held (and settles the outcome, if it finished). */
  release(): void {
    this.held = false;
    this.deliver();
    if (this.outcome !== null) this.close(this.outcome);
  }

  private deliver(): void {
    for (const follower of [...this.followers]) {
      // A follower may unsubscribe while receiving; it then receives nothing more.
      while (follower.next < this.log.length && this.followers.has(follower)) {
        const index = follower.next++;
        follower.listener(this.log[index]!, index);
      }
    }
  }

  /**
   * Replays events from index `from`, then delivers new ones as they come; returns the unsubscribe function. The
   * replay covers every event appended so far, held ones included.
   */
  follow(from: number, listener: EventListener): () => void {
    const follower: Follower = { listener, next: this.log.length };
    for (let i = Math.max(0, from); i < this.log.length; i++) listener(this.log[i]!, i);
    // A finished generation appends nothing more: the replay was all of it.
    if (this.state !== 'finished') this.followers.add(follower);
    return () => {
      this.followers.delete(follower);
    };
  }

  /** Asks the scheduler to stop this generation before its next step; repeated calls are no-ops. */
  cancel(): void {
    if (this.cancelRequested || this.state === 'finished') return;
    this.cancelRequested = true;
    this.cancelHook?.();
  }

  /** The scheduler's hook to react to a cancellation at once (a queued generation leaves the queue). */
  onCancel(hook: () => void): void {
    this.cancelHook = hook;
  }

  finish(outcome: GenerationOutcome): void {
    if (this.state === 'finished') return;
    this.state = 'finished';
    this.outcome = outcome;
    // Held events reach the followers first: the outcome settles when they are released.
    if (!this.held) this.close(outcome);
  }

  private close(outcome: GenerationOutcome): void {
    this.followers.clear();
    this.settle(outcome);
  }
}
