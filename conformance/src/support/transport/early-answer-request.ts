// Requests whose body the runtime may refuse without reading it. SPEC-007 §4.3 lets a runtime answer an oversized
// body from its Content-Length (and a refused credential or media type before the body), then close the connection.
// An HTTP client that writes the whole body first sees only the failed write (EPIPE, ECONNRESET) and loses the answer.
// This sender writes the request head, waits briefly for an early answer, and only then streams the body, stopping
// as soon as an answer arrives; it speaks plain HTTP/1.1 over one connection that it closes afterwards.
import { createHash } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { EndpointUnreachableError, type HttpClient, type HttpResponse } from '../../driver/http-client.ts';

export interface EarlyAnswerOptions {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
  readonly headers: Record<string, string>;
}

const CHUNK_BYTES = 1 << 20;
/** How long the head alone is given to draw an early answer before the body follows. */
const EARLY_ANSWER_WAIT_MS = 300;
const HEAD_END = Buffer.from('\r\n\r\n');

interface ParsedAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  /** True when the body is complete by its Content-Length. */
  readonly complete: boolean;
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(raw.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The answer in `raw`, or undefined while its head is incomplete. */
export function parseAnswer(raw: Buffer): ParsedAnswer | undefined {
  const end = raw.indexOf(HEAD_END);
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? Number.NaN);
  if (!Number.isInteger(status)) return undefined;
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const rest = raw.subarray(end + HEAD_END.length);
  // An interim 1xx answer is not the answer: look past it.
  if (status >= 100 && status < 200) return parseAnswer(rest);
  const length = headers.get('content-length');
  if (length !== null) return { status, headers, body: rest.subarray(0, Number(length)), complete: rest.length >= Number(length) };
  const chunked = (headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked');
  return { status, headers, body: chunked ? dechunk(rest) : rest, complete: false };
}

function toResponse(answer: ParsedAnswer): HttpResponse {
  const text = answer.body.toString('utf8');
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: answer.status, headers: answer.headers, text, json };
}

/** Sends `options` to `client`'s endpoint and records the exchange in its transcript, as the driver does. */
export function sendAllowingEarlyAnswer(client: HttpClient, options: EarlyAnswerOptions, timeoutMs: number): Promise<HttpResponse> {
  const url = new URL(options.path, client.baseUrl);
  const body = Buffer.from(options.body, 'utf8');
  const started = performance.now();
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const socket: Socket = url.protocol === 'https:' ? tlsConnect({ host: url.hostname, port, servername: url.hostname }) : netConnect(port, url.hostname);
  const head = [
    `${options.method} ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    ...Object.entries({ ...options.headers, 'content-type': options.contentType, 'content-length': String(body.length), connection: 'close' }).map(
      ([name, value]) => `${name}: ${value}`,
    ),
  ].join('\r\n');
  return new Promise<HttpResponse>((resolve, reject) => {
    const received: Buffer[] = [];
    let settled = false;
    const settle = (failure?: unknown): void => {
      if (settled) return;
      const answer = parseAnswer(Buffer.concat(received));
      if (answer === undefined && failure === undefined) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (answer === undefined) {
        reject(new EndpointUnreachableError(url.toString(), failure));
        return;
      }
      const response = toResponse(answer);
      client.transcript.push({
        method: options.method,
        path: options.path,
        status: response.status,
        requestSha256: createHash('sha256').update(body).digest('hex'),
        responseSha256: createHash('sha256').update(response.text).digest('hex'),
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
      resolve(response);
    };
    const timer = setTimeout(() => settle(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (parseAnswer(Buffer.concat(received))?.complete === true) settle();
    });
    // A closed or reset connection ends the answer; without one it is a failure to reach the runtime.
    socket.on('end', () => settle(new Error('connection closed without an answer')));
    socket.on('close', () => settle(new Error('connection closed without an answer')));
    socket.on('error', (err) => settle(err));
    const write = (offset: number): void => {
      if (settled || received.length > 0 || offset >= body.length) return;
      const more = socket.write(body.subarray(offset, offset + CHUNK_BYTES));
      const next = (): void => write(offset + CHUNK_BYTES);
      if (more) setImmediate(next);
      else socket.once('drain', next);
    };
    socket.write(`${head}\r\n\r\n`);
    setTimeout(() => write(0), EARLY_ANSWER_WAIT_MS);
  });
}
