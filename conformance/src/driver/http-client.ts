// The endpoint driver: a plain HTTP client that records a transcript of every exchange (evidence for reports)
// and validates every response body against its protocol schema before a step may look at it.
import { createHash } from 'node:crypto';
import { SchemaRegistry, describeSchemaErrors } from './schemas.ts';

export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestSha256: string;
  readonly responseSha256: string;
  readonly durationMs: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  readonly json: unknown;
}

export interface RequestOptions {
  readonly method: string;
  readonly path: string;
  /** JSON-serialisable body; sent as application/json. */
  readonly body?: unknown;
  /** Raw body sent as-is (takes precedence over `body`). */
  readonly rawBody?: string | Uint8Array;
  readonly contentType?: string;
  /** Bearer token; null sends no Authorization header. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/** Raised when the endpoint cannot be reached at all (refused, reset, timed out). */
export class EndpointUnreachableError extends Error {
  readonly code = 'H_ENDPOINT_UNREACHABLE';
  constructor(url: string, cause: unknown) {
    super(`cannot reach ${url}: ${causeText(cause)}`);
    this.name = 'EndpointUnreachableError';
  }
}

/** Raised when a response does not match the schema the protocol assigns it. */
export class ProtocolViolationError extends Error {
  readonly code = 'H_PROTOCOL_VIOLATION';
  constructor(what: string, detail: string) {
    super(`${what} violates its schema: ${detail}`);
    this.name = 'ProtocolViolationError';
  }
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    const code = inner instanceof Error ? ((inner as Error & { code?: string }).code ?? inner.message) : undefined;
    return code !== undefined ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export class HttpClient {
  readonly transcript: Exchange[] = [];
  readonly baseUrl: string;
  private readonly schemas: SchemaRegistry;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, schemas: SchemaRegistry, timeoutMs = 15_000) {
    this.baseUrl = baseUrl;
    this.schemas = schemas;
    this.timeoutMs = timeoutMs;
  }

  async request(options: RequestOptions): Promise<HttpResponse> {
    const url = new URL(options.path, this.baseUrl).toString();
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let payload: string | Uint8Array | undefined;
    if (options.rawBody !== undefined) {
      payload = options.rawBody;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    if (options.token !== undefined && options.token !== null) headers.authorization = `Bearer ${options.token}`;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new EndpointUnreachableError(url, err);
    }
    const text = await response.text();
    let json: unknown;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    this.transcript.push({
      method: options.method,
      path: options.path,
      status: response.status,
      requestSha256: sha256(payload ?? ''),
      responseSha256: sha256(text),
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    });
    return { status: response.status, headers: response.headers, text, json };
  }

  /**
   * Validates a response: 2xx bodies against `schemaName` (none expected for 204), every other status against the
   * error envelope. Returns the body typed by the caller.
   */
  validate<T>(response: HttpResponse, schemaName: string | null, what: string): T {
    const ok = response.status >= 200 && response.status < 300;
    const name = ok ? schemaName : 'protocol/error-envelope';
    if (name === null) {
      if (response.text.length > 0) throw new ProtocolViolationError(what, `expected an empty body, got ${response.text.slice(0, 200)}`);
      return undefined as T;
    }
    if (response.json === undefined) {
      throw new ProtocolViolationError(what, `status ${response.status} body is not JSON: ${response.text.slice(0, 200)}`);
    }
    const result = this.schemas.check(name, response.json);
    if (!result.valid) throw new ProtocolViolationError(`${what} (status ${response.status}, schema ${name})`, describeSchemaErrors(result.errors));
    return response.json as T;
  }
}
