// The decode rules of SPEC-043 §4 written as plainly as possible: greedy choice, seeded sampling with top-p, stop
// sequences and maxTokens. The logits of each step come from a caller-supplied function, so the same loop runs
// over the forward oracle's binary64 logits or over binary32 logits a runtime reported for the same tokens.
import { OracleError } from './errors.ts';
import { streamKey, streamOutput } from './prng.ts';

/** What a generation request asks for, with the defaults of SPEC-043 §4.3 applied by `decodeParameters`. */
export interface DecodeParameters {
  readonly maxTokens: number;
  /** 0 is greedy. */
  readonly temperature: number;
  readonly topP: number;
  readonly seed: bigint;
  readonly stop: readonly (readonly number[])[];
}

export interface DecodeRequest {
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly seed?: string;
  readonly stop?: readonly (readonly number[])[];
}

export const DEFAULT_MAX_TOKENS = 16;

export function decodeParameters(request: DecodeRequest): DecodeParameters {
  return {
    maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    temperature: request.temperature ?? 0,
    topP: request.topP ?? 1,
    seed: BigInt(request.seed ?? '0'),
    stop: request.stop ?? [],
  };
}

/** Stream label of the uniform draw for completion token `index` under sampling seed `seed` (SPEC-043 §4.3). */
export function sampleLabel(seed: bigint, index: number): string {
  return `litellm/v1/sample/${seed.toString()}/${index}`;
}

/** u = (x >> 11) · 2^-53 with x output 0 of the sample stream: a binary64 in [0, 1) with 53 random bits. */
export function sampleUniform(seed: bigint, index: number): number {
  const x = streamOutput(streamKey(sampleLabel(seed, index)), 0);
  return Number(x >> 11n) * 2 ** -53;
}

/** Greedy: the highest logit, ties to the lowest token id. */
export function greedyToken(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i += 1) {
    if ((logits[i] ?? Number.NEGATIVE_INFINITY) > (logits[best] ?? Number.NEGATIVE_INFINITY)) best = i;
  }
  return best;
}

/** One candidate of the sampling order: token id and its unnormalised weight w = exp(z − max z). */
export interface Candidate {
  readonly token: number;
  readonly weight: number;
}

/** Weights in binary64 and the candidates sorted by weight descending, then token id ascending. */
export function samplingOrder(logits: ArrayLike<number>, temperature: number): { candidates: Candidate[]; total: number } {
  if (!(temperature > 0)) throw new OracleError('E_INTERNAL', 'sampling needs a temperature above 0');
  const z = Array.from(logits, (l) => l / temperature);
  const top = Math.max(...z);
  const weights = z.map((v) => Math.exp(v - top));
  // W sums in token-id order: the normaliser of the top-p fractions.
  let total = 0;
  for (const w of weights) total += w;
  const candidates = weights.map((weight, token) => ({ token, weight }));
  candidates.sort((a, b) => b.weight - a.weight || a.token - b.token);
  return { candidates, total };
}

/** The shortest prefix of the order whose running sum of w/W reaches topP (all of it if rounding never reaches it). */
export function nucleus(candidates: readonly Candidate[], total: number, topP: number): Candidate[] {
  let running = 0;
  for (let i = 0; i < candidates.length; i += 1) {
    running += (candidates[i]?.weight ?? 0) / total;
    if (running >= topP) return candidates.slice(0, i + 1);
  }
  return [...candidates];
}

/** Seeded sampling of completion token `index` (SPEC-043 §4.3). */
export function sampledToken(logits: ArrayLike<number>, parameters: DecodeParameters, index: number): number {
  const { candidates, total } = samplingOrder(logits, parameters.temperature);
  const kept = nucleus(candidates, total, parameters.topP);
  let keptSum = 0;
  for (const c of kept) keptSum += c.weight;
  const r = sampleUniform(parameters.seed, index) * keptSum;
  let running = 0;
  for (const c of kept) {
    running += c.weight;
    if (running > r) return c.token;
  }
  return kept[kept.length - 1]?.token ?? 0;
}

/** The token a step picks from its logits: greedy at temperature 0, else seeded sampling. */
export function pickToken(logits: ArrayLike<number>, parameters: DecodeParameters, index: number): number {
  return parameters.temperature === 0 ? greedyToken(logits) : sampledToken(logits, parameters, index);
}

/** The longest stop sequence the sampled tokens end with, or undefined. */
export function matchedStop(sampled: readonly number[], stop: readonly (readonly number[])[]): readonly number[] | undefined {
  let best: readonly number[] | undefined;
  for (const s of stop) {
    if (s.length === 0 || s.length > sampled.length) continue;
    const tail = sampled.slice(sampled.length - s.length);
    if (tail.every((t, i) => t === s[i]) && (best === undefined || s.length > best.length)) best = s;
  }
  return best;
}

export type FinishReason = 'stop' | 'length';

export interface DecodeOutcome {
  /** Output tokens: the sampled ones without a final stop sequence. */
  readonly tokens: number[];
  /** Every sampled token, stop-sequence tokens included (their count is the generation's steps). */
  readonly sampled: number[];
  readonly finishReason: FinishReason;
}

/**
 * Runs the decode loop: `nextLogits(sequence)` returns the logits after the last token of `sequence` (the prompt
 * followed by the tokens sampled so far).
 */
export function decode(prompt: readonly number[], parameters: DecodeParameters, nextLogits: (sequence: readonly number[]) => ArrayLike<number>): DecodeOutcome {
  const sampled: number[] = [];
  while (sampled.length < parameters.maxTokens) {
    const token = pickToken(nextLogits([...prompt, ...sampled]), parameters, sampled.length);
    sampled.push(token);
    const stop = matchedStop(sampled, parameters.stop);
    if (stop !== undefined) return { tokens: sampled.slice(0, sampled.length - stop.length), sampled, finishReason: 'stop' };
  }
  return { tokens: [...sampled], sampled, finishReason: 'length' };
}

/**
 * Replays a completion the runtime produced against given logits (teacher forcing): `logitsAt(i)` are the logits
 * from which sampled token i was drawn. Returns the first index where the rule picks another token, or -1.
 */
export function firstDeviation(sampled: readonly number[], parameters: DecodeParameters, logitsAt: (i: number) => ArrayLike<number>): number {
  for (let i = 0; i < sampled.length; i += 1) {
    if (pickToken(logitsAt(i), parameters, i) !== sampled[i]) return i;
  }
  return -1;
}
