// The generation metrics of SPEC-049 §4.3, kept from the scheduler's observer hooks. Every label value comes from a
// closed set (finish reasons, page states): no tenant, prompt, completion or id ever becomes a label (REQ-049-006).

import type { FinishReason, GenerationObserver, GenerationRef } from '../generation/observer.ts';
import type { Counter, Gauge, Histogram, MetricsRegistry } from './metrics-registry.ts';
import type { TelemetryBehaviour } from './telemetry-faults.ts';
import type { TraceStore } from './trace.ts';

/** Outcomes of litellm_generations_total: the finish reasons of SPEC-047. */
export const OUTCOMES: readonly FinishReason[] = ['cancelled', 'error', 'length', 'stop'];
/** States of litellm_kv_pages (SPEC-046): free, held by running generations, cached for prefix reuse. */
export const PAGE_STATES = ['active', 'cached', 'free'] as const;

// Bucket upper bounds, fixed by SPEC-049 §4.3 so that histograms of different runtimes can be compared.
export const TTFT_BOUNDS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
export const INTER_TOKEN_BOUNDS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
export const STEP_BOUNDS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
export const BATCH_SEQUENCE_BOUNDS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

const seconds = (ms: number): number => Math.max(0, ms) / 1000;

export class GenerationMetrics implements GenerationObserver {
  private readonly generations: Counter;
  private readonly generatedTokens: Counter;
  private readonly promptTokens: Counter;
  private readonly cachedTokens: Counter;
  private readonly timeToFirstToken: Histogram;
  private readonly interTokenLatency: Histogram;
  private readonly running: Gauge;
  private readonly queuedGauge: Gauge;
  private readonly kvPages: Gauge;
  private readonly steps: Counter;
  private readonly stepDuration: Histogram;
  private readonly batchSequences: Histogram;
  private readonly quotaRejections: Counter;
  private readonly traces: TraceStore;
  private readonly behaviour: TelemetryBehaviour;
  private readonly pageLabel: string;

  constructor(registry: MetricsRegistry, traces: TraceStore, behaviour: TelemetryBehaviour) {
    this.traces = traces;
    this.behaviour = behaviour;
    this.generations = registry.counter('litellm_generations_total', 'Generations finished, by outcome (finish reason).', behaviour.tenantLabel ? ['outcome', 'tenant'] : ['outcome']);
    if (!behaviour.tenantLabel) for (const outcome of OUTCOMES) this.generations.declare({ outcome });
    this.generatedTokens = registry.counter('litellm_generated_tokens_total', 'Completion tokens sampled.');
    this.promptTokens = registry.counter('litellm_prompt_tokens_total', 'Prompt tokens of generations admitted to the queue.');
    this.cachedTokens = registry.counter('litellm_prompt_cached_tokens_total', 'Prompt positions served from the prefix cache.');
    this.timeToFirstToken = registry.histogram('litellm_time_to_first_token_seconds', 'Time from joining the queue to the first completion token.', [], TTFT_BOUNDS_SECONDS);
    this.interTokenLatency = registry.histogram('litellm_inter_token_latency_seconds', 'Time between consecutive completion tokens of one generation.', [], INTER_TOKEN_BOUNDS_SECONDS);
    this.running = registry.gauge('litellm_generations_running', 'Generations admitted and not finished.');
    this.queuedGauge = registry.gauge('litellm_generations_queued', 'Generations waiting in the queue.');
    this.pageLabel = behaviour.kvLabelRenamed ? 'kind' : 'state';
    this.kvPages = registry.gauge('litellm_kv_pages', 'KV cache pages by state.', [this.pageLabel]);
    this.steps = registry.counter('litellm_scheduler_steps_total', 'Scheduler steps run.');
    this.stepDuration = registry.histogram('litellm_scheduler_step_duration_seconds', 'Duration of one scheduler step.', [], STEP_BOUNDS_SECONDS);
    this.batchSequences = registry.histogram('litellm_scheduler_batch_sequences', 'Sequences in the batch of one scheduler step.', [], BATCH_SEQUENCE_BOUNDS);
    this.quotaRejections = registry.counter('litellm_quota_rejections_total', 'Requests refused by a tenant quota.');
    for (const metric of [this.generatedTokens, this.promptTokens, this.cachedTokens, this.steps, this.quotaRejections, this.running, this.queuedGauge]) metric.declare();
    for (const state of PAGE_STATES) this.kvPages.declare({ [this.pageLabel]: state });
    this.timeToFirstToken.declare();
    this.interTokenLatency.declare();
    this.stepDuration.declare();
    this.batchSequences.declare();
  }

  queued(ref: GenerationRef, at: number, promptTokens: number): void {
    this.promptTokens.inc({}, promptTokens);
    this.traces.queued(ref, at, promptTokens);
  }

  admitted(ref: GenerationRef, at: number, cachedTokens: number): void {
    this.cachedTokens.inc({}, cachedTokens);
    this.traces.admitted(ref, at, cachedTokens);
  }

  rejected(_tenant: string, _code: string): void {
    this.quotaRejections.inc();
  }

  token(ref: GenerationRef, at: number, index: number): void {
    if (!(this.behaviour.firstTokenUncounted && index === 0)) this.generatedTokens.inc();
    const times = this.traces.token(ref, at, index);
    if (times === undefined) return;
    if (index === 0) this.timeToFirstToken.observe({}, seconds(at - times.queuedAt));
    else if (times.previousAt !== null) this.interTokenLatency.observe({}, seconds(at - times.previousAt));
  }

  finished(ref: GenerationRef, at: number, reason: FinishReason, usage: { promptTokens: number; completionTokens: number; cachedTokens: number }, errorCode?: string): void {
    this.generations.inc(this.behaviour.tenantLabel ? { outcome: reason, tenant: ref.tenant } : { outcome: reason });
    this.traces.finished(ref, at, reason, usage, errorCode);
  }

  step(_at: number, durationMs: number, sequences: number, _rows: number): void {
    this.steps.inc();
    this.stepDuration.observe({}, seconds(durationMs));
    this.batchSequences.observe({}, sequences);
  }

  occupancy(figures: { queued: number; running: number; pagesFree: number; pagesActive: number; pagesCached: number }): void {
    this.queuedGauge.set({}, figures.queued);
    this.running.set({}, figures.running);
    this.kvPages.set({ [this.pageLabel]: 'free' }, figures.pagesFree + (this.behaviour.kvFreeCountsCached ? figures.pagesCached : 0));
    this.kvPages.set({ [this.pageLabel]: 'active' }, figures.pagesActive);
    this.kvPages.set({ [this.pageLabel]: 'cached' }, figures.pagesCached);
  }
}
