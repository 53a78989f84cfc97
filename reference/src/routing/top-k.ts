// Ranked top-k selection among the children of one parent (REQ-003 ordering): score descending, then the seeded
// tie key ascending, then candidate index ascending. Tie keys are drawn only when two scores are equal, so the
// SHA-256 of the stream label is paid only by parents that actually contain a tie.

import { SPLITMIX64_GAMMA, streamOutputInto } from '../numeric/splitmix64.ts';
import { streamKey, tiebreakLabel, type RoutingLevel } from '../numeric/stream-key.ts';
import type { U64Halves } from '../numeric/u64.ts';

/** Deviations from the SPEC-010 tie streams; only fault switches set them. */
export interface TieStreamVariant {
  gamma?: Readonly<U64Halves>;
  keyLittleEndian?: boolean;
  labelSuffix?: string;
}

/** Tie keys of the candidates under one parent: output i of the stream `litellm/v1/tiebreak/<R>/<L>/<level>/<P>`. */
export class TieKeys {
  private readonly seed: string;
  private readonly layer: number;
  private readonly gamma: Readonly<U64Halves>;
  private readonly keyLittleEndian: boolean;
  private readonly labelSuffix: string;
  private readonly draws = new Uint32Array(4);
  private level: RoutingLevel = 'tier';
  private parentPath = '-';
  private keyHi = 0;
  private keyLo = 0;
  private keyReady = false;

  constructor(seed: string, layer: number, variant: TieStreamVariant = {}) {
    this.seed = seed;
    this.layer = layer;
    this.gamma = variant.gamma ?? SPLITMIX64_GAMMA;
    this.keyLittleEndian = variant.keyLittleEndian ?? false;
    this.labelSuffix = variant.labelSuffix ?? '';
  }

  /** Switches to the children of another parent; the stream key is derived on first use. */
  select(level: RoutingLevel, parentPath: string): void {
    this.level = level;
    this.parentPath = parentPath;
    this.keyReady = false;
  }

  /** Negative when candidate a's tie key is smaller than b's, positive when larger, 0 when equal. */
  compare(a: number, b: number): number {
    if (!this.keyReady) {
      const label = tiebreakLabel(this.seed, this.layer, this.level, this.parentPath) + this.labelSuffix;
      const key = streamKey(label, this.keyLittleEndian);
      this.keyHi = key.hi;
      this.keyLo = key.lo;
      this.keyReady = true;
    }
    const draws = this.draws;
    streamOutputInto(this.keyHi, this.keyLo, a, draws, 0, this.gamma);
    streamOutputInto(this.keyHi, this.keyLo, b, draws, 2, this.gamma);
    const aHi = draws[0] ?? 0;
    const bHi = draws[2] ?? 0;
    if (aHi !== bHi) return aHi < bHi ? -1 : 1;
    const aLo = draws[1] ?? 0;
    const bLo = draws[3] ?? 0;
    return aLo === bLo ? 0 : aLo < bLo ? -1 : 1;
  }
}

// Above this k a full sort of the candidate indices beats insertion into the k best.
const INSERTION_LIMIT = 32;

/**
 * Writes the k best of candidates 0..count-1 in rank order into out[offset .. offset+k).
 * `ties` null means ties fall back to the lowest index (used only by the routing.tiebreak fault).
 */
export function selectTopK(
  scores: Float64Array,
  count: number,
  k: number,
  ties: TieKeys | null,
  out: Int32Array,
  offset: number,
): void {
  const precedes = (a: number, b: number): boolean => {
    const sa = scores[a] ?? 0;
    const sb = scores[b] ?? 0;
    if (sa !== sb) return sa > sb;
    const byKey = ties === null ? 0 : ties.compare(a, b);
    return byKey !== 0 ? byKey < 0 : a < b;
  };
  if (k > INSERTION_LIMIT) {
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => (precedes(a, b) ? -1 : precedes(b, a) ? 1 : 0));
    out.set(order.subarray(0, k), offset);
    return;
  }
  let filled = 0;
  for (let candidate = 0; candidate < count; candidate++) {
    let pos: number;
    if (filled < k) pos = filled++;
    else if (precedes(candidate, out[offset + k - 1] ?? 0)) pos = k - 1;
    else continue;
    while (pos > 0 && precedes(candidate, out[offset + pos - 1] ?? 0)) {
      out[offset + pos] = out[offset + pos - 1] ?? 0;
      pos--;
    }
    out[offset + pos] = candidate;
  }
}
