// A text/event-stream parser following the WHATWG HTML "Server-sent events" interpretation rules: lines end with
// CRLF, LF or CR; an empty line dispatches the event; `:` starts a comment; `field: value` drops one leading space;
// data lines are joined with "\n". It also records what a lenient browser would silently repair, so that the
// harness can hold a runtime to the strict framing SPEC-047 requires.

/** One dispatched event. `id` is the id field of this event's own block, null when the block had none. */
export interface SseEvent {
  readonly id: string | null;
  /** The event field, or "message" when absent (the WHATWG default). */
  readonly event: string;
  readonly data: string;
  /** Number of data lines in the block. */
  readonly dataLines: number;
}

export class SseParser {
  /** Framing irregularities: unknown fields, an event without data, a block left open at the end. */
  readonly problems: string[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private pending = '';
  private sawCr = false;
  private started = false;
  private id: string | null = null;
  private event: string | null = null;
  private data: string[] = [];
  private blockHasFields = false;

  /** Feeds raw bytes; returns the events completed by them, in order. Invalid UTF-8 throws (fatal decoder). */
  push(bytes: Uint8Array): SseEvent[] {
    return this.pushText(this.decoder.decode(bytes, { stream: true }));
  }

  pushText(text: string): SseEvent[] {
    let chunk = text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
    }
    const out: SseEvent[] = [];
    for (const ch of chunk) {
      if (this.sawCr) {
        this.sawCr = false;
        // CRLF is one line end: the CR already ended the line.
        if (ch === '\n') continue;
      }
      if (ch === '\r' || ch === '\n') {
        this.sawCr = ch === '\r';
        const event = this.line(this.pending);
        this.pending = '';
        if (event !== null) out.push(event);
      } else {
        this.pending += ch;
      }
    }
    return out;
  }

  /** Ends the stream: a block without its closing empty line is discarded (WHATWG) and reported. */
  end(): void {
    const tail = this.decoder.decode();
    if (tail.length > 0) this.pushText(tail);
    if (this.pending.length > 0 || this.blockHasFields) this.problems.push('the stream ended inside an event (no closing empty line)');
  }

  private line(text: string): SseEvent | null {
    if (text.length === 0) return this.dispatch();
    if (text.startsWith(':')) return null;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.blockHasFields = true;
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (value.includes('\0')) this.problems.push('an id field holds NUL and is ignored');
        else this.id = value;
        break;
      case 'retry':
        break;
      default:
        this.problems.push(`unknown field "${field}"`);
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const block = { id: this.id, event: this.event, data: this.data };
    const had = this.blockHasFields;
    this.id = null;
    this.event = null;
    this.data = [];
    this.blockHasFields = false;
    if (!had) return null;
    if (block.data.length === 0) {
      this.problems.push(`an event block without data (event ${block.event ?? 'message'}) is not dispatched`);
      return null;
    }
    return { id: block.id, event: block.event ?? 'message', data: block.data.join('\n'), dataLines: block.data.length };
  }
}

/** Parses a complete stream body (tests and replays). */
export function parseEventStream(text: string): { events: SseEvent[]; problems: string[] } {
  const parser = new SseParser();
  const events = parser.pushText(text);
  parser.end();
  return { events, problems: parser.problems };
}
