// Per-generation trace spans (SPEC-049 §4.4): queue (queued → admitted), prefill (admitted → first token sampled) and
// decode (first token → finished), each with its start and end clock readings and its counts. Only counts and clock
// readings are kept, never prompt or completion content nor the tenant. The store keeps the traces of the last
// `capacity` finished generations and of at most `liveCapacity` unfinished ones, dropping the oldest beyond that, so
// its memory is bounded however long the runtime serves.

import type { FinishReason, GenerationRef } from '../generation/observer.ts';

export interface QueueSpan {
  name: 'queue';
  start: number;
  end: number | null;
}

export interface PrefillSpan {
  name: 'prefill';
  start: number;
  end: number | null;
  /** Prompt positions computed (the prompt less the positions served from the prefix cache). */
  computedTokens: number;
  /** Prompt positions served from the prefix cache. */
  cachedTokens: number;
}

export interface DecodeSpan {
  name: 'decode';
  start: number;
  end: number | null;
  /** Completion tokens sampled after the first. */
  tokens: number;
}

export type Span = QueueSpan | PrefillSpan | DecodeSpan;

/** The GenerationTrace message (schemas/protocol/generation-trace.schema.json). */
export interface GenerationTrace {
  id: string;
  model: string;
  status: 'queued' | 'running' | 'finished';
  finishReason: FinishReason | null;
  errorCode: string | null;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  spans: Span[];
}

interface TraceRecord {
  trace: GenerationTrace;
  queuedAt: number;
  lastTokenAt: number | null;
}

export interface TraceStoreOptions {
  /** Finished generations whose traces are kept (default 256). */
  capacity?: number;
  /** Unfinished generations tracked at most (default 4096). */
  liveCapacity?: number;
  /** The decode span counts the first token too (a fault switch only). */
  decodeCountsFirst?: boolean;
}

export const DEFAULT_TRACE_CAPACITY = 256;
export const DEFAULT_LIVE_TRACE_CAPACITY = 4096;

function copyTrace(trace: GenerationTrace): GenerationTrace {
  return { ...trace, spans: trace.spans.map((span) => ({ ...span })) };
}

/** Drops the oldest entries of an insertion-ordered map beyond `limit`. */
function trim<K, V>(map: Map<K, V>, limit: number): void {
  for (const key of map.keys()) {
    if (map.size <= limit) return;
    map.delete(key);
  }
}

export class TraceStore {
  private readonly capacity: number;
  private readonly liveCapacity: number;
  private readonly decodeCountsFirst: boolean;
  private readonly live = new Map<string, TraceRecord>();
  private readonly done = new Map<string, GenerationTrace>();

  constructor(options: TraceStoreOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? DEFAULT_TRACE_CAPACITY);
    this.liveCapacity = Math.max(1, options.liveCapacity ?? DEFAULT_LIVE_TRACE_CAPACITY);
    this.decodeCountsFirst = options.decodeCountsFirst === true;
  }

  /** Traces held (live and finished): never more than capacity + liveCapacity. */
  get size(): number {
    return this.live.size + this.done.size;
  }

  queued(ref: GenerationRef, at: number, promptTokens: number): void {
    const trace: GenerationTrace = {
      id: ref.id, model: ref.model, status: 'queued', finishReason: null, errorCode: null,
      promptTokens, cachedTokens: 0, completionTokens: 0,
      spans: [{ name: 'queue', start: at, end: null }],
    };
    this.live.set(ref.id, { trace, queuedAt: at, lastTokenAt: null });
    trim(this.live, this.liveCapacity);
  }

  admitted(ref: GenerationRef, at: number, cachedTokens: number): void {
    const record = this.live.get(ref.id);
    if (record === undefined) return;
    const { trace } = record;
    const queue = trace.spans[0];
    if (queue?.name === 'queue' && queue.end === null) queue.end = at;
    trace.status = 'running';
    trace.cachedTokens = cachedTokens;
    trace.spans.push({ name: 'prefill', start: at, end: null, computedTokens: Math.max(0, trace.promptTokens - cachedTokens), cachedTokens });
  }

  /** Records a sampled token; returns the previous token's clock reading (null for the first) and the queue time. */
  token(ref: GenerationRef, at: number, index: number): { queuedAt: number; previousAt: number | null } | undefined {
    const record = this.live.get(ref.id);
    if (record === undefined) return undefined;
    const { trace } = record;
    const previousAt = record.lastTokenAt;
    record.lastTokenAt = at;
    trace.completionTokens = Math.max(trace.completionTokens, index + 1);
    const last = trace.spans[trace.spans.length - 1];
    if (index === 0 && last?.name === 'prefill') {
      last.end = at;
      trace.spans.push({ name: 'decode', start: at, end: null, tokens: this.decodeCountsFirst ? 1 : 0 });
    } else if (last?.name === 'decode') {
      last.tokens += 1;
    }
    return { queuedAt: record.queuedAt, previousAt };
  }

  finished(ref: GenerationRef, at: number, reason: FinishReason, usage: { promptTokens: number; completionTokens: number; cachedTokens: number }, errorCode?: string): void {
    const record = this.live.get(ref.id);
    if (record === undefined) return;
    this.live.delete(ref.id);
    const { trace } = record;
    for (const span of trace.spans) if (span.end === null) span.end = at;
    trace.status = 'finished';
    trace.finishReason = reason;
    trace.errorCode = reason === 'error' ? (errorCode ?? null) : null;
    trace.promptTokens = usage.promptTokens;
    trace.cachedTokens = usage.cachedTokens;
    trace.completionTokens = usage.completionTokens;
    this.done.set(ref.id, trace);
    trim(this.done, this.capacity);
  }

  /** A copy of the trace of generation `id`, or undefined when it is not (or no longer) kept. */
  get(id: string): GenerationTrace | undefined {
    const trace = this.live.get(id)?.trace ?? this.done.get(id);
    return trace === undefined ? undefined : copyTrace(trace);
  }
}
