// The completion side of one generation (SPEC-043, SPEC-047): sampled tokens, stop-sequence matching with hold-back
// (a token that could still turn out to begin a stop sequence is not streamed until that is decided), and the
// incremental UTF-8 text of the byte tokenizer streamed with each token (a character travels with the token that
// completes it; the final result's text is the whole decoding, see tokenizer.ts).

export interface CompletionFaults {
  stopIncluded: boolean;
  maxTokensShort: boolean;
  tokenTextPerByte: boolean;
}

export const CONFORMING_COMPLETION: CompletionFaults = { stopIncluded: false, maxTokensShort: false, tokenTextPerByte: false };

export type CompletionEnd = 'stop' | 'length' | null;

export interface Released {
  index: number;
  token: number;
  text: string;
}

export class Completion {
  /** Every sampled token, stop-sequence tokens included (what usage.completionTokens counts). */
  readonly sampled: number[] = [];
  /** Tokens released to the client, in order. */
  readonly output: number[] = [];
  private readonly stops: readonly (readonly number[])[];
  private readonly maxTokens: number;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  private readonly faults: CompletionFaults;

  constructor(stops: readonly (readonly number[])[], maxTokens: number, faults: CompletionFaults = CONFORMING_COMPLETION) {
    this.stops = stops;
    this.faults = faults;
    // Under gen.max-tokens-short: one token fewer than asked (at least one).
    this.maxTokens = faults.maxTokensShort ? Math.max(1, maxTokens - 1) : maxTokens;
  }

  /** Records the next sampled token; returns the tokens it releases and whether the completion has ended. */
  push(token: number): { released: Released[]; end: CompletionEnd } {
    this.sampled.push(token);
    const matched = this.stops.find((stop) => this.endsWith(stop));
    if (matched !== undefined) {
      // Under gen.stop-included: the stop tokens are released as output too.
      return { released: this.release(this.sampled.length - (this.faults.stopIncluded ? 0 : matched.length)), end: 'stop' };
    }
    if (this.sampled.length >= this.maxTokens) return { released: this.release(this.sampled.length), end: 'length' };
    return { released: this.release(this.sampled.length - this.heldBack()), end: null };
  }

  /** Releases everything still held (a completion ended by cancellation keeps only what was released). */
  private release(upTo: number): Released[] {
    const out: Released[] = [];
    while (this.output.length < upTo) {
      const token = this.sampled[this.output.length]!;
      // Byte tokenizer: ids 0..255 are UTF-8 bytes; ids beyond (models with a larger vocab) carry no text.
      const text = token < 256 ? this.decoder.decode(Uint8Array.of(token), { stream: true }) : '';
      // Under stream.token-text-per-byte: the event's text decodes the byte on its own.
      const eventText = this.faults.tokenTextPerByte && token < 256 ? new TextDecoder().decode(Uint8Array.of(token)) : text;
      out.push({ index: this.output.length, token, text: eventText });
      this.output.push(token);
    }
    return out;
  }

  private endsWith(stop: readonly number[]): boolean {
    const n = this.sampled.length;
    if (stop.length > n) return false;
    for (let i = 0; i < stop.length; i++) if (this.sampled[n - stop.length + i] !== stop[i]) return false;
    return true;
  }

  /** Length of the longest unreleased suffix that is a proper prefix of some stop sequence. */
  private heldBack(): number {
    const unreleased = this.sampled.length - this.output.length;
    let longest = 0;
    for (const stop of this.stops) {
      for (let len = Math.min(stop.length - 1, unreleased); len > longest; len--) {
        let prefix = true;
        for (let i = 0; i < len; i++) {
          if (this.sampled[this.sampled.length - len + i] !== stop[i]) {
            prefix = false;
            break;
          }
        }
        if (prefix) {
          longest = len;
          break;
        }
      }
    }
    return longest;
  }
}
