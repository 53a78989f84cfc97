// SPEC-010 numeric contract, written as plainly as possible: BigInt arithmetic mod 2^64, no tricks.
// This is the oracle's independent copy of the PRNG; expected values for every scenario derive from it.
import { createHash } from 'node:crypto';
import { OracleError, type OracleErrorCode } from './errors.ts';

export const U64_MAX = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
const MIX_MUL_1 = 0xbf58476d1ce4e5b9n;
const MIX_MUL_2 = 0x94d049bb133111ebn;

function wrap64(z: bigint): bigint {
  return z & U64_MAX;
}

/** SplitMix64 finaliser, SPEC-010 mix(z). */
export function mix(z: bigint): bigint {
  let v = wrap64(z);
  v = v ^ (v >> 30n);
  v = wrap64(v * MIX_MUL_1);
  v = v ^ (v >> 27n);
  v = wrap64(v * MIX_MUL_2);
  v = v ^ (v >> 31n);
  return v;
}

/** Output i (0-based) of the stream keyed K: mix(K + (i+1)·γ mod 2^64). Random access by construction. */
export function streamOutput(key: bigint, i: number | bigint): bigint {
  const index = BigInt(i);
  if (index < 0n) throw new OracleError('E_INTERNAL', `stream index must be non-negative, got ${index}`);
  return mix(wrap64(key + (index + 1n) * GOLDEN_GAMMA));
}

/** First 8 bytes, big-endian, of SHA-256(UTF-8(label)). */
export function streamKey(label: string): bigint {
  const digest = createHash('sha256').update(label, 'utf8').digest();
  let key = 0n;
  for (let b = 0; b < 8; b += 1) key = (key << 8n) | BigInt(digest[b] ?? 0);
  return key;
}

/** Top 4 bits of u mapped to {-1, -7/8, …, 7/8}. */
export function dyadic(u: bigint): number {
  return (Number(u >> 60n) - 8) / 8;
}

/** The 16 values dyadic() can produce, ascending. */
export const DYADIC_VALUES: readonly number[] = Array.from({ length: 16 }, (_, n) => (n - 8) / 8);

export type RoutingLevel = 'tier' | 'group' | 'expert';

function u64Text(value: bigint | string): string {
  return typeof value === 'string' ? parseU64(value).toString() : value.toString();
}

/** Stream label of router/weight tensor NAME in a model with seed S. */
export function weightLabel(seed: bigint | string, tensorName: string): string {
  return `litellm/v1/weight/${u64Text(seed)}/${tensorName}`;
}

/** Stream label of fixture input vector v for model seed S. */
export function inputLabel(seed: bigint | string, vector: number): string {
  return `litellm/v1/input/${u64Text(seed)}/${vector}`;
}

/**
 * Parent path of a candidate set: `-` for tiers, `<t>` for the groups of tier t, `<t>.<g>` for the experts of
 * group g in tier t (indices within their parent).
 */
export function tieParentPath(level: RoutingLevel, tier?: number, group?: number): string {
  if (level === 'tier') return '-';
  if (tier === undefined) throw new OracleError('E_INTERNAL', `${level} parent path needs a tier index`);
  if (level === 'group') return `${tier}`;
  if (group === undefined) throw new OracleError('E_INTERNAL', 'expert parent path needs a group index');
  return `${tier}.${group}`;
}

/** Stream label of the tie keys of one candidate set under routing seed R at layer L. */
export function tiebreakLabel(routingSeed: bigint | string, layer: number, level: RoutingLevel, parentPath: string): string {
  return `litellm/v1/tiebreak/${u64Text(routingSeed)}/${layer}/${level}/${parentPath}`;
}

/** Tie key of candidate `index` in the candidate set named by the label parts. */
export function tieKey(
  routingSeed: bigint,
  layer: number,
  level: RoutingLevel,
  parentPath: string,
  index: number,
): bigint {
  return streamOutput(streamKey(tiebreakLabel(routingSeed, layer, level, parentPath)), index);
}

const U64_DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

/** Strict wire form of a u64: canonical decimal, no sign, no padding, ≤ 2^64-1. */
export function parseU64(text: string, code: OracleErrorCode = 'E_CONTROL_SEED_INVALID'): bigint {
  if (typeof text !== 'string' || !U64_DECIMAL.test(text)) {
    throw new OracleError(code, `not a canonical u64 decimal string: ${JSON.stringify(text)}`);
  }
  const value = BigInt(text);
  if (value > U64_MAX) throw new OracleError(code, `u64 out of range: ${text}`);
  return value;
}

/** Non-throwing form of parseU64, for validators that collect problems. */
export function isU64Text(text: unknown): text is string {
  return typeof text === 'string' && U64_DECIMAL.test(text) && BigInt(text) <= U64_MAX;
}
