// Event streams over fetch: opens a request whose answer may be text/event-stream, hands out its events in order
// as they arrive, and can close the connection mid-stream to act as a client that went away. A non-stream answer
// (an error envelope) is read whole and returned as an ordinary response. Every stream enters the client's
// transcript when it ends, with the digest of the bytes received.
import { createHash } from 'node:crypto';
import { EndpointUnreachableError, type HttpClient, type HttpResponse } from './http-client.ts';
import { SseParser, type SseEvent } from './sse-parser.ts';

export interface StreamRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/** Raised when a stream does not deliver what a step waits for in time. */
export class StreamTimeoutError extends Error {
  readonly code = 'H_STREAM_TIMEOUT';
}

export class EventStream {
  readonly status: number;
  readonly headers: Headers;
  /** Every event received so far, in order. */
  readonly events: SseEvent[] = [];
  readonly parser = new SseParser();
  /** True once the runtime ended the response (not when this side aborted). */
  endedByServer = false;
  aborted = false;
  private readonly controller: AbortController;
  private readonly waiters: (() => void)[] = [];
  private readonly raw = createHash('sha256');
  private finished = false;
  private readonly pump: Promise<void>;

  constructor(response: Response, controller: AbortController, onEnd: (sha256: string) => void) {
    this.status = response.status;
    this.headers = response.headers;
    this.controller = controller;
    this.pump = this.read(response, onEnd);
  }

  private async read(response: Response, onEnd: (sha256: string) => void): Promise<void> {
    const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
    try {
      while (reader !== undefined) {
        const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (chunk.done || chunk.value === undefined) break;
        const value = chunk.value;
        this.raw.update(value);
        this.events.push(...this.parser.push(value));
        this.wake();
      }
      this.parser.end();
      this.endedByServer = true;
    } catch (err) {
      if (!this.aborted) this.parser.problems.push(`the stream broke: ${(err as Error).message}`);
    } finally {
      this.finished = true;
      onEnd(this.raw.digest('hex'));
      this.wake();
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  get ended(): boolean {
    return this.finished;
  }

  /** Waits until `predicate` holds over the events received, or the stream ends; false when it ended first. */
  async until(predicate: (events: readonly SseEvent[]) => boolean, timeoutMs: number, what: string): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (this.finished) return false;
      const left = deadline - performance.now();
      if (left <= 0) throw new StreamTimeoutError(`no ${what} within ${timeoutMs} ms (${this.events.length} event(s) so far)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  /** Reads to the end of the stream. */
  async all(timeoutMs: number): Promise<SseEvent[]> {
    await this.until(() => false, timeoutMs, 'end of stream');
    await this.pump;
    return this.events;
  }

  /** Closes the connection from this side, as a client that went away. */
  async abort(): Promise<void> {
    this.aborted = true;
    this.controller.abort();
    await this.pump;
  }
}

export type StreamOutcome = { kind: 'stream'; stream: EventStream } | { kind: 'response'; response: HttpResponse };

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Sends the request; a text/event-stream answer comes back as an EventStream being read, anything else as a
 * whole response. No overall timeout: callers bound every wait with `until`/`all`.
 */
export async function openEventStream(client: HttpClient, request: StreamRequest): Promise<StreamOutcome> {
  const url = new URL(request.path, client.baseUrl).toString();
  const headers: Record<string, string> = { accept: 'text/event-stream', ...(request.headers ?? {}) };
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (request.token !== undefined && request.token !== null) headers.authorization = `Bearer ${request.token}`;
  const controller = new AbortController();
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { method: request.method, headers, body: payload, signal: controller.signal });
  } catch (err) {
    throw new EndpointUnreachableError(url, err);
  }
  const record = (status: number, responseSha256: string): void => {
    client.transcript.push({
      method: request.method, path: request.path, status, requestSha256: sha256(payload ?? ''), responseSha256,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    });
  };
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/event-stream') {
    const text = await response.text();
    record(response.status, sha256(text));
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { kind: 'response', response: { status: response.status, headers: response.headers, text, json } };
  }
  return { kind: 'stream', stream: new EventStream(response, controller, (digest) => record(response.status, digest)) };
}
