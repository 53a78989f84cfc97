// Forward-request handling that exists only for fault switches: reshaped input, sequences run one at a time,
// left padding, coalescing and reshaped results. The conforming path in routes-forward.ts never calls these.

import { digestOfDigests } from '../forward/forward-digest.ts';
import type { ForwardResult, ForwardSequence } from '../forward/forward-types.ts';
import type { DescriptorV2 } from '../model/manifest-types.ts';

/** forward.no-length-check: long sequences cut to maxSeq, empty ones dropped. */
export function truncateSequences(sequences: readonly number[][], maxSeq: number): number[][] {
  return sequences.filter((sequence) => sequence.length > 0).map((sequence) => sequence.slice(0, maxSeq));
}

/** forward.token-modulo: every token id reduced into 0..vocab-1, fractions truncated, non-finite ones read as 0. */
export function tokensModulo(sequences: readonly number[][], vocab: number): number[][] {
  return sequences.map((sequence) => sequence.map((token) => (Number.isFinite(token) ? ((Math.trunc(token) % vocab) + vocab) % vocab : 0)));
}

export type SequenceRunner = (sequences: number[][]) => Promise<ForwardResult>;

/** Rebuilds a result's digest from its sequences (after sequences were dropped, reordered or trimmed). */
function redigest(result: ForwardResult, sequences: ForwardSequence[]): ForwardResult {
  const digest = digestOfDigests(sequences.map((sequence) => Buffer.from(sequence.digest, 'hex'))).toString('hex');
  return { ...result, sequences, digest };
}

/** forward.lazy-validation: sequences run one at a time, `check` validating each just before it runs. */
export async function runOneByOne(sequences: number[][], run: SequenceRunner, check: (sequence: number[]) => void): Promise<ForwardResult> {
  const done: ForwardSequence[] = [];
  let last: ForwardResult | undefined;
  for (const sequence of sequences) {
    check(sequence);
    last = await run([sequence]);
    done.push(last.sequences[0]!);
  }
  if (last === undefined) return run([]);
  return redigest(last, done);
}

/**
 * forward.batch-left-pad / concurrency.batch-pads-to-longest: every sequence left-padded with token 0 to `length`
 * (at most maxSeq), run with the padding attended to, then the padded positions dropped from the result.
 */
export async function runLeftPadded(sequences: number[][], length: number, descriptor: DescriptorV2, run: SequenceRunner, hexSequenceDigests: boolean): Promise<ForwardResult> {
  const target = Math.min(length, descriptor.maxSeq);
  const pads = sequences.map((sequence) => Math.max(0, target - sequence.length));
  const result = await run(sequences.map((sequence, s) => [...new Array<number>(pads[s]!).fill(0), ...sequence]));
  const trimmed = result.sequences.map((sequence, s) => {
    const tokens = sequence.tokens.slice(pads[s]);
    const digest = digestOfDigests(tokens.map((token) => Buffer.from(token.digest, 'hex')), hexSequenceDigests).toString('hex');
    return { tokens, digest };
  });
  return redigest(result, trimmed);
}

/** forward.sequences-by-length: sequence results longest first (stable). */
export function longestFirst(result: ForwardResult): ForwardResult {
  return { ...result, sequences: [...result.sequences].sort((a, b) => b.tokens.length - a.tokens.length) };
}

/** forward.extra-member: every sequence result gains `elapsedMs`. */
export function withElapsed(result: ForwardResult, elapsedMs: number): ForwardResult {
  return { ...result, sequences: result.sequences.map((sequence) => ({ ...sequence, elapsedMs })) };
}

/** concurrency.coalesce-drops-trace: identical in-flight requests share the leader's result; followers lose `routes`. */
export class ForwardCoalescer {
  private readonly inFlight = new Map<string, Promise<ForwardResult>>();

  async run(key: string, compute: () => Promise<ForwardResult>): Promise<ForwardResult> {
    const leader = this.inFlight.get(key);
    if (leader !== undefined) {
      const shared = await leader;
      return { ...shared, sequences: shared.sequences.map((s) => ({ ...s, tokens: s.tokens.map(({ routes: _dropped, ...token }) => token) })) };
    }
    const promise = compute();
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }
}

/** concurrency.batch-pads-to-longest: the longest sequence of each forward in flight. */
export class InFlightLengths {
  private readonly lengths = new Set<{ longest: number }>();

  longest(): number {
    let longest = 0;
    for (const entry of this.lengths) longest = Math.max(longest, entry.longest);
    return longest;
  }

  async track<T>(longest: number, work: () => Promise<T>): Promise<T> {
    const entry = { longest };
    this.lengths.add(entry);
    try {
      return await work();
    } finally {
      this.lengths.delete(entry);
    }
  }
}
