// Unsigned 64-bit integers as they travel on the wire (SPEC-010 §1): canonical decimal strings.

const U64_MAX = (1n << 64n) - 1n;
const CANONICAL_DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

/** Parses a canonical decimal u64 string; returns null when the text is not one (wrong form or above 2^64-1). */
export function parseU64(text: string): bigint | null {
  if (!CANONICAL_DECIMAL.test(text)) return null;
  const value = BigInt(text);
  return value <= U64_MAX ? value : null;
}

export function isU64String(text: unknown): text is string {
  return typeof text === 'string' && parseU64(text) !== null;
}

/** A u64 split into two unsigned 32-bit halves, the form the PRNG works on. */
export interface U64Halves {
  hi: number;
  lo: number;
}

export function toHalves(value: bigint): U64Halves {
  return { hi: Number((value >> 32n) & 0xffffffffn), lo: Number(value & 0xffffffffn) };
}

export function fromHalves(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
