// Choosing the next token from one row of logits (SPEC-043): greedy argmax, or seeded temperature and top-p sampling
// whose uniform draw comes from the SPEC-010 SplitMix64 stream `litellm/v1/sample/<seed>/<i>`, so a request and its
// seed give the same tokens on every run, whatever else is being served.

import { streamOutputInto } from '../../numeric/splitmix64.ts';
import { streamKey } from '../../numeric/stream-key.ts';

export interface SamplingParams {
  /** 0 is greedy. */
  temperature: number;
  /** Nucleus mass in (0, 1]. */
  topP: number;
  /** u64 decimal string. */
  seed: string;
}

export interface SamplingFaults {
  /** gen.sample-index-offset: completion token i draws from the stream of index i+1. */
  sampleIndexOffset: boolean;
  /** gen.top-p-ignored: top-p keeps every candidate. */
  topPIgnored: boolean;
}

export const NO_SAMPLING_FAULTS: SamplingFaults = { sampleIndexOffset: false, topPIgnored: false };

const TWO_POW_21 = 2 ** 21;
const TWO_POW_MINUS_53 = 2 ** -53;

/** u in [0, 1): the top 53 bits of output 0 of the sample stream for completion token `index`. */
export function sampleUniform(seed: string, index: number): number {
  const key = streamKey(`litellm/v1/sample/${seed}/${index}`);
  const out = new Uint32Array(2);
  streamOutputInto(key.hi, key.lo, 0, out);
  return (out[0]! * TWO_POW_21 + (out[1]! >>> 11)) * TWO_POW_MINUS_53;
}

/** Argmax of logits[offset .. offset+vocab), ties to the lowest id. */
export function greedyToken(logits: Float32Array, offset: number, vocab: number): number {
  let best = 0;
  for (let i = 1; i < vocab; i++) if (logits[offset + i]! > logits[offset + best]!) best = i;
  return best;
}

/** The completion token `index` of a request from its row of logits. */
export function sampleToken(
  logits: Float32Array, offset: number, vocab: number, params: SamplingParams, index: number,
  faults: SamplingFaults = NO_SAMPLING_FAULTS,
): number {
  if (params.temperature === 0) return greedyToken(logits, offset, vocab);
  const z = new Float64Array(vocab);
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) {
    z[i] = logits[offset + i]! / params.temperature;
    if (z[i]! > max) max = z[i]!;
  }
  const w = new Float64Array(vocab);
  let total = 0;
  for (let i = 0; i < vocab; i++) {
    w[i] = Math.exp(z[i]! - max);
    total += w[i]!;
  }
  const order = Array.from({ length: vocab }, (_, i) => i).sort((a, b) => w[b]! - w[a]! || a - b);
  let kept = vocab;
  // Under gen.top-p-ignored: the nucleus is never cut.
  if (params.topP < 1 && !faults.topPIgnored) {
    let mass = 0;
    for (let j = 0; j < vocab; j++) {
      mass += w[order[j]!]! / total;
      if (mass >= params.topP) {
        kept = j + 1;
        break;
      }
    }
  }
  let keptMass = 0;
  for (let j = 0; j < kept; j++) keptMass += w[order[j]!]!;
  // Under gen.sample-index-offset: the draw of token i comes from stream i+1.
  const u = sampleUniform(params.seed, faults.sampleIndexOffset ? index + 1 : index);
  const r = u * keptMass;
  let running = 0;
  for (let j = 0; j < kept; j++) {
    running += w[order[j]!]!;
    if (running > r) return order[j]!;
  }
  return order[kept - 1]!;
}
