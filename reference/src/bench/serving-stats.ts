// The pure parts of the serving benchmark and the soak: percentiles of latency samples, an incremental reader of
// Server-Sent Events (WHATWG HTML §9.2.6 "Interpreting an event stream"), and the least-squares slope of memory
// samples with the verdict on whether they stay flat.

/** Nearest-rank percentile (p in (0, 100]) of `values`: the smallest value with at least p % of them at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], not ${p}`);
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

export interface SseEvent {
  /** The last event ID seen so far in the stream (it persists across events), or '' before any. */
  id: string;
  /** The `event:` field, `message` when absent. */
  event: string;
  /** The `data:` lines joined with LF. */
  data: string;
}

/**
 * Reads an event stream given in arbitrary text chunks: lines end in CRLF, LF or CR; a blank line dispatches the
 * event gathered so far (none when it had no data); lines starting with ':' are comments; a field name is followed
 * by ':' and an optional single space; `retry` and unknown fields are ignored.
 */
export class SseParser {
  private buffer = '';
  private lastId = '';
  private type = '';
  private data: string[] = [];

  /** Feeds the next chunk of decoded text; returns the events it completed, in order. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    const terminator = /\r\n|\r|\n/g;
    let consumed = 0;
    for (let match = terminator.exec(this.buffer); match !== null; match = terminator.exec(this.buffer)) {
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for the next chunk.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      this.line(this.buffer.slice(consumed, match.index), events);
      consumed = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(consumed);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push({ id: this.lastId, event: this.type === '' ? 'message' : this.type, data: this.data.join('\n') });
      this.type = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\u0000')) this.lastId = value;
  }
}

export interface Point {
  x: number;
  y: number;
}

/** Least-squares slope of y over x; 0 for fewer than two distinct x. */
export function slope(points: readonly Point[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - meanX) * (p.y - meanY);
    sxx += (p.x - meanX) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

export interface GrowthVerdict {
  /** Least-squares slope over the second half, in y units per x unit. */
  slope: number;
  /** slope x the span of the second half: the growth the trend predicts over it. */
  growth: number;
  /** The value at the first sample of the second half. */
  start: number;
  /** growth < max(limit x start, floor). */
  flat: boolean;
}

/**
 * Whether samples taken over [0, end] stay flat: the least-squares trend over the second half (samples at x ≥ end/2,
 * so start-up and warm-up are left out) must grow by less than `limit` (a fraction) of the value it starts from there,
 * or by less than `floor` (in y units) where that is larger: the jitter that no trend line removes from a few samples.
 */
export function secondHalfVerdict(points: readonly Point[], limit: number, floor = 0): GrowthVerdict {
  if (points.length === 0) throw new Error('no samples');
  const end = points[points.length - 1]!.x;
  const half = points.filter((p) => p.x >= end / 2);
  const rate = slope(half);
  const span = half[half.length - 1]!.x - half[0]!.x;
  const start = half[0]!.y;
  const growth = rate * span;
  return { slope: rate, growth, start, flat: growth < Math.max(limit * start, floor) };
}
