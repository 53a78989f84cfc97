// Bounded HTTP(S) download with the global fetch: a deadline for the whole transfer and a byte cap enforced
// while streaming, so an oversized or endless body is cut off instead of buffered.

import { RuntimeError } from '../errors.ts';

export interface FetchBytesOptions {
  /** Deadline for connecting and reading the whole body. */
  timeoutMs: number;
  /** Largest acceptable body; a longer body fails with the error `tooLarge` builds. */
  maxBytes: number;
  tooLarge: (observedAtLeast: number) => RuntimeError;
  /** What is being fetched, for messages ("manifest", "shard layer-0.safetensors"). */
  what: string;
  /**
   * Only bytes [start, end] (inclusive) of the object, with an HTTP Range request: the answer must be 206 with a
   * matching Content-Range and exactly end - start + 1 bytes (RFC 9110 §14). Anything else is a failed fetch.
   */
  range?: { start: number; end: number };
}

/** The `cause` of the failure a range request gets when the server answers with the whole object (200). */
export const RANGE_IGNORED = 'range-ignored';

function fetchFailed(what: string, reason: string, cause?: unknown): RuntimeError {
  return new RuntimeError('E_MODEL_FETCH_FAILED', `fetching ${what} failed: ${reason}`, { cause });
}

async function readCapped(body: ReadableStream<Uint8Array>, options: FetchBytesOptions): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > options.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw options.tooLarge(total);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Whether a response is exactly the requested range: 206 and Content-Range `bytes start-end/total`. */
function rangeAnswered(response: Response, range: { start: number; end: number }): boolean {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  return response.status === 206 && match !== null && Number(match[1]) === range.start && Number(match[2]) === range.end;
}

export async function fetchBytes(url: URL, options: FetchBytesOptions): Promise<Uint8Array> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fetchFailed(options.what, `unsupported URL scheme ${url.protocol}`);
  }
  try {
    const { range } = options;
    const headers: Record<string, string> = range === undefined ? {} : { range: `bytes=${range.start}-${range.end}` };
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), headers });
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      throw fetchFailed(options.what, `HTTP status ${response.status}`);
    }
    if (range !== undefined && !rangeAnswered(response, range)) {
      await response.body.cancel().catch(() => undefined);
      const why = `the server did not answer bytes ${range.start}-${range.end} with 206 and that Content-Range`;
      throw fetchFailed(options.what, why, response.status === 200 ? RANGE_IGNORED : undefined);
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw options.tooLarge(declared);
    }
    const bytes = await readCapped(response.body, options);
    if (range !== undefined && bytes.length !== range.end - range.start + 1) {
      throw fetchFailed(options.what, `range ${range.start}-${range.end} came back with ${bytes.length} bytes`);
    }
    return bytes;
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
    throw fetchFailed(options.what, reason, error);
  }
}
