// The generation scheduler (SPEC-043, SPEC-046, SPEC-050): queued requests are admitted in fair-queue order while
// batch slots and KV pages allow; then one step runs every admitted sequence's new rows as packed forward batches (one
// per routing seed and policy), samples each sequence's next token from its own last row, and streams it. A step
// never mixes one sequence's numbers into another's, so a generation's tokens do not depend on what else runs.

import type { Clock } from '../../clock.ts';
import { RuntimeError, isRuntimeError, type ErrorCode } from '../../errors.ts';
import { ForwardBatch } from '../../forward/forward-batch.ts';
import { ForwardScratch } from '../../forward/forward-scratch.ts';
import { EXPERTS, ROUTER } from '../../forward/token-ledger.ts';
import type { ErrorBody, Generation, GenerationEvent } from './generation.ts';
import { KvPagePool, type KvPage } from './kv-pool.ts';
import { NO_OBSERVER, type FinishReason, type GenerationObserver } from './observer.ts';
import { CONFORMING_GENERATION, type GenerationBehaviour } from './generation-faults.ts';
import { sampleToken } from './sampling.ts';
import { decodeTokens } from './tokenizer.ts';
import { pagesNeeded, reusablePages, RunningSequence, type SequenceRequest } from './sequence.ts';

/** The fair queue the tenancy layer provides (SPEC-050). */
export interface FairQueue<T> {
  push(tenant: string, item: T): void;
  pop(): T | undefined;
  charge(tenant: string, tokens: number): void;
  remove(item: T): boolean;
  readonly size: number;
}


export interface SchedulerOptions {
  clock: Clock;
  pool: KvPagePool;
  queue: FairQueue<SequenceRequest>;
  maxBatch: number;
  /** Artificial delay before each layer (the control API's, read at every step). */
  perLayerDelayMs: () => number;
  /** The error envelope body for a code (the runtime's registry decides domain and retryability). */
  errorBody: (code: ErrorCode, message: string) => ErrorBody;
  observer?: GenerationObserver;
  faults?: GenerationBehaviour;
  /** Called when a generation leaves the queue to run (quota accounting). */
  onStarted?: (request: SequenceRequest) => void;
  /** Called once per finished generation (quota accounting); `started` false for one that never left the queue. */
  onFinished?: (request: SequenceRequest, generatedTokens: number, started: boolean) => void;
}

export class Scheduler {
  maxBatch: number;
  private pausedFlag = false;
  private readonly options: SchedulerOptions;
  private readonly observer: GenerationObserver;
  private readonly faults: GenerationBehaviour;
  private readonly running: RunningSequence[] = [];
  /** A popped request that did not fit the pool yet: first in line at the next admission. */
  private held: SequenceRequest | null = null;
  private queuedCount = 0;
  private stepCount = 0;
  /** The working buffers of every forward batch: the loop runs one batch at a time, so they can share them. */
  private readonly scratch = new ForwardScratch();
  private looping = false;
  /** True while a step runs: the events it emits are held, and published while the next step computes. */
  private stepping = false;
  /** Generations holding events of the last step, in the order they were first held. */
  private readonly outbox = new Set<Generation>();

  constructor(options: SchedulerOptions) {
    this.options = options;
    this.maxBatch = options.maxBatch;
    this.observer = options.observer ?? NO_OBSERVER;
    this.faults = options.faults ?? CONFORMING_GENERATION;
  }

  get steps(): number {
    return this.stepCount;
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  set paused(value: boolean) {
    this.pausedFlag = value;
    if (!value) this.kick();
  }

  get figures(): { queued: number; running: number } {
    return { queued: this.queuedCount, running: this.running.length };
  }

  /** Throws E_MEMORY_KV when a generation of this size could never be admitted, whatever else ran (REQ-046-003). */
  checkFits(promptTokens: number, maxTokens: number): void {
    // Under kv.memory-check-prompt-only: the completion's pages are left out.
    const needed = pagesNeeded(promptTokens, this.faults.memoryCheckPromptOnly ? 0 : maxTokens);
    if (needed > this.options.pool.pagesTotal) {
      throw new RuntimeError('E_MEMORY_KV', `the generation needs ${needed} KV pages; the pool holds ${this.options.pool.pagesTotal}`);
    }
  }

  /** Queues a validated request; its generation learns the outcome through its events. */
  submit(request: SequenceRequest): void {
    this.checkFits(request.prompt.length, request.maxTokens);
    request.queuedAtStep = this.stepCount;
    this.options.queue.push(request.generation.tenant, request);
    this.queuedCount++;
    const { generation } = request;
    generation.emit({ type: 'start', id: generation.id, model: generation.model, promptTokens: request.prompt.length });
    this.observer.queued(generation, this.options.clock.now(), request.prompt.length);
    generation.onCancel(() => {
      if (generation.state !== 'queued') return;
      const removed = this.held === request ? ((this.held = null), true) : this.options.queue.remove(request);
      if (removed) {
        this.queuedCount--;
        this.finish(request, null, 'cancelled');
      }
    });
    this.reportOccupancy();
    this.kick();
  }

  /** Ends every queued and running generation as cancelled, now (the control reset); pages are released. */
  cancelAll(): void {
    for (const sequence of [...this.running]) this.end(sequence, 'cancelled');
    const queued: SequenceRequest[] = [];
    if (this.held !== null) queued.push(this.held);
    this.held = null;
    for (let request = this.options.queue.pop(); request !== undefined; request = this.options.queue.pop()) queued.push(request);
    for (const request of queued) {
      this.queuedCount--;
      this.finish(request, null, 'cancelled');
    }
    this.reportOccupancy();
  }

  private kick(): void {
    if (this.looping) return;
    this.looping = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      // Under gen.pause-ignored: steps run whatever the flag says.
      while (!this.pausedFlag || this.faults.pauseIgnored) {
        this.admit();
        if (this.running.length === 0) break;
        await this.step();
        await this.options.clock.sleep(0);
      }
    } finally {
      this.looping = false;
      this.publish();
    }
  }

  /**
   * Appends a generation's event. During a step it is held: the step's tokens then reach their streams while the
   * next step's first layer computes its experts off the JavaScript thread (or when the loop stops), instead of
   * the socket writes of a whole batch standing between two steps.
   */
  private emit(generation: Generation, event: GenerationEvent): void {
    if (this.stepping && !this.outbox.has(generation)) {
      generation.hold();
      this.outbox.add(generation);
    }
    generation.emit(event);
  }

  /** Hands the held events to their followers, in the order the generations were held. */
  private publish(): void {
    const generations = [...this.outbox];
    this.outbox.clear();
    for (const generation of generations) generation.release();
  }

  private admit(): void {
    const { pool } = this.options;
    // Under gen.max-batch-ignored: admission is bounded by pages alone.
    while (this.faults.maxBatchIgnored || this.running.length < this.maxBatch) {
      const request = this.held ?? this.options.queue.pop();
      this.held = null;
      if (request === undefined) break;
      const reused = this.reusedPages(request);
      const fresh = pagesNeeded(request.prompt.length, request.maxTokens) - reused.length;
      if (!pool.canReserve(fresh, reused)) {
        this.held = request;
        break;
      }
      this.queuedCount--;
      const { layers, dModel } = request.model.descriptor;
      const pages = pool.reserve(fresh, reused, { layers, d: dModel });
      const sequence = new RunningSequence(request, pages, reused.length, this.stepCount - request.queuedAtStep, this.faults);
      this.running.push(sequence);
      const { generation } = request;
      generation.state = 'running';
      this.options.onStarted?.(request);
      this.observer.admitted(generation, this.options.clock.now(), sequence.cachedTokens);
    }
    this.reportOccupancy();
  }

  /** The cached prefix pages this prompt can reuse, in order, stopping at the first miss. */
  private reusedPages(request: SequenceRequest): KvPage[] {
    const { layers, dModel } = request.model.descriptor;
    // Under kv.no-prefix-reuse: nothing is looked up.
    const limit = this.faults.noPrefixReuse ? 0 : reusablePages(request.prompt.length);
    const pages: KvPage[] = [];
    for (let j = 0; j < Math.min(limit, request.prefixKeys.length); j++) {
      const page = this.options.pool.lookup(request.prefixKeys[j]!, { layers, d: dModel });
      if (page === undefined) break;
      pages.push(page);
    }
    return pages;
  }

  private async step(): Promise<void> {
    this.stepping = true;
    try {
      await this.stepOnce();
    } finally {
      this.stepping = false;
    }
  }

  private async stepOnce(): Promise<void> {
    const started = this.options.clock.now();
    const live: RunningSequence[] = [];
    for (const sequence of this.running) {
      if (sequence.request.generation.cancelled) this.end(sequence, 'cancelled');
      else if (this.pastDeadline(sequence)) this.fail(sequence, new RuntimeError('E_DEADLINE_EXCEEDED', 'the generation did not finish before its deadline'));
      else live.push(sequence);
    }
    this.stepCount++;
    let rows = 0;
    for (const group of groupByRouting(live)) {
      rows += await this.runGroup(group);
    }
    this.observer.step(this.options.clock.now(), this.options.clock.now() - started, live.length, rows);
    this.reportOccupancy();
  }

  private pastDeadline(sequence: RunningSequence): boolean {
    const { deadlineAt } = sequence.request;
    return deadlineAt !== null && this.options.clock.now() > deadlineAt;
  }

  /** One forward batch over sequences that share model, routing seed and policy; returns the rows it ran. */
  private async runGroup(group: RunningSequence[]): Promise<number> {
    const first = group[0]!.request;
    const inputs = group.map((sequence) => sequence.nextRows());
    let logits: Float32Array;
    let batch: ForwardBatch;
    try {
      // Under kv.reuse-positions-from-zero: rows after reused pages restart at position 0.
      const fromZero = this.faults.reusePositionsFromZero ? { firstPositions: group.map((sequence) => (sequence.steps === 0 ? 0 : sequence.kv.length(0))) } : {};
      batch = new ForwardBatch(first.model, inputs, first.routingSeed, false, first.forwardFaults, {
        caches: group.map((sequence) => sequence.kv), policy: first.policy, scratch: this.scratch, ...fromZero,
      });
      for (let layer = 0; layer < first.model.descriptor.layers; layer++) {
        await this.options.clock.sleep(this.options.perLayerDelayMs());
        const layerDone = batch.runLayer(layer);
        if (layer === 0) this.publish();
        await layerDone;
      }
      logits = batch.outputLogits();
    } catch (error) {
      for (const sequence of group) this.fail(sequence, error);
      return 0;
    }
    const { vocab } = first.model.descriptor;
    const now = this.options.clock.now();
    group.forEach((sequence, s) => {
      if (!this.running.includes(sequence)) return;
      sequence.steps++;
      this.indexPromptPages(sequence);
      const own = batch.sequenceRows(s);
      const { meter } = sequence.request;
      const { ledger } = batch;
      for (let row = own.first; meter !== null && row < own.first + own.length; row++) {
        sequence.cost += meter.rowCost({ router: ledger.flopsIn(row, ROUTER), experts: ledger.flopsIn(row, EXPERTS) });
      }
      const offset = this.samplingRow(batch, own, group.length) * vocab;
      const index = sequence.completion.sampled.length;
      const token = sampleToken(logits, offset, vocab, sequence.request.sampling, index, this.faults);
      const { released, end } = sequence.completion.push(token);
      this.observer.token(sequence.request.generation, now, index);
      for (const item of released) this.emit(sequence.request.generation, { type: 'token', ...item });
      // SPEC-050: one virtual token per completion token (the prompt was charged at admission).
      this.options.queue.charge(sequence.request.generation.tenant, 1);
      if (end !== null) this.end(sequence, end);
    });
    return inputs.reduce((sum, list) => sum + list.length, 0);
  }

  /** The row whose logits choose a sequence's next token: its own last row. */
  private samplingRow(batch: ForwardBatch, own: { first: number; length: number }, sequences: number): number {
    // Under gen.batch-wrong-logits-row: batched sequences all take the batch's last row.
    if (this.faults.batchWrongLogitsRow && sequences > 1) return batch.tokenCount - 1;
    // Under gen.first-step-wrong-row: a first step of several rows samples from its second-to-last.
    if (this.faults.firstStepWrongRow && own.length >= 2) return own.first + own.length - 2;
    return own.first + own.length - 1;
  }

  /** After the prefill step, the full prompt pages become reusable by later prompts of the same tenant. */
  private indexPromptPages(sequence: RunningSequence): void {
    const { prefixKeys } = sequence.request;
    for (; sequence.indexedPages < prefixKeys.length; sequence.indexedPages++) {
      this.options.pool.index(sequence.pages[sequence.indexedPages]!, prefixKeys[sequence.indexedPages]!);
    }
  }

  private fail(sequence: RunningSequence, error: unknown): void {
    const code: ErrorCode = isRuntimeError(error) ? error.code : 'E_INTERNAL';
    const message = isRuntimeError(error) ? error.message : 'internal error';
    // Under stream.error-as-length: the failure is reported as a normal end.
    if (this.faults.errorAsLength) this.end(sequence, 'length');
    else this.end(sequence, 'error', this.options.errorBody(code, message), code);
  }

  private end(sequence: RunningSequence, reason: FinishReason, error?: ErrorBody, errorCode?: ErrorCode): void {
    const at = this.running.indexOf(sequence);
    if (at < 0) return;
    this.running.splice(at, 1);
    // Under kv.cancel-leaks-pages: a cancelled generation's pages stay reserved.
    if (!(this.faults.cancelLeaksPages && reason === 'cancelled')) this.options.pool.release(sequence.pages);
    this.finish(sequence.request, sequence, reason, error, errorCode);
  }

  private finish(request: SequenceRequest, sequence: RunningSequence | null, reason: FinishReason, error?: ErrorBody, errorCode?: ErrorCode): void {
    const { generation } = request;
    const completion = sequence?.completion;
    const completionTokens = completion?.sampled.length ?? 0;
    const cachedTokens = sequence?.cachedTokens ?? 0;
    const usage = {
      promptTokens: request.prompt.length, completionTokens, cachedTokens, totalTokens: request.prompt.length + completionTokens,
      ...(request.meter === null ? {} : { cost: sequence?.cost ?? 0 }),
    };
    if (reason === 'error') this.emit(generation, { type: 'error', error: error! });
    else {
      // Under stream.usage-total-without-prompt: the event's total leaves out the prompt.
      this.emit(generation, { type: 'usage', finishReason: reason, ...usage, ...(this.faults.usageTotalWithoutPrompt ? { totalTokens: completionTokens } : {}) });
      this.emit(generation, { type: 'done' });
    }
    this.observer.finished(generation, this.options.clock.now(), reason, usage, errorCode);
    this.options.onFinished?.(request, completionTokens, sequence !== null);
    generation.finish({
      id: generation.id, model: generation.model, tokens: [...(completion?.output ?? [])],
      // Under gen.text-latin1: one character per byte.
      text: this.faults.textLatin1 ? String.fromCharCode(...(completion?.output ?? [])) : decodeTokens(completion?.output ?? []),
      finishReason: reason, usage, timing: { queueSteps: sequence?.queueSteps ?? this.stepCount - request.queuedAtStep, steps: sequence?.steps ?? 0 },
      ...(error === undefined ? {} : { error }),
      ...(errorCode === undefined ? {} : { errorCode }),
    });
  }

  private reportOccupancy(): void {
    const figures = this.options.pool.figures();
    this.observer.occupancy({ queued: this.queuedCount, running: this.running.length, pagesFree: figures.pagesFree, pagesActive: figures.pagesActive, pagesCached: figures.pagesCached });
  }
}

/** Running sequences grouped by (model, routing seed, policy), in admission order within and across groups. */
function groupByRouting(sequences: readonly RunningSequence[]): RunningSequence[][] {
  const groups = new Map<string, RunningSequence[]>();
  const models = new Map<object, number>();
  for (const sequence of sequences) {
    const { model, routingSeed, policyKey } = sequence.request;
    // One model's requests share its weights object, whatever request object carried them.
    if (!models.has(model.transformer)) models.set(model.transformer, models.size);
    const key = `${models.get(model.transformer)!}\u0000${routingSeed}\u0000${policyKey}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [sequence]);
    else group.push(sequence);
  }
  return [...groups.values()];
}
