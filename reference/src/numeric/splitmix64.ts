// SplitMix64 (SPEC-010 §1) on pairs of unsigned 32-bit halves, so that drawing a value allocates nothing.
// Output i (0-based) of the stream keyed K is mix((K + (i+1) * GAMMA) mod 2^64).

import type { U64Halves } from './u64.ts';

/** The SplitMix64 increment 0x9E3779B97F4A7C15. */
export const SPLITMIX64_GAMMA: Readonly<U64Halves> = Object.freeze({ hi: 0x9e3779b9, lo: 0x7f4a7c15 });
const MIX1_HI = 0xbf58476d;
const MIX1_LO = 0x1ce4e5b9;
const MIX2_HI = 0x94d049bb;
const MIX2_LO = 0x133111eb;
const TWO_POW_32 = 0x1_0000_0000;

// Scratch registers for the 64-bit arithmetic below; single-threaded JS makes module scope safe.
let rHi = 0;
let rLo = 0;

/** r = (aHi:aLo * bHi:bLo) mod 2^64. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  // Full 64-bit product of the low halves from 16-bit limbs; every partial product is exact in binary64.
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const middle = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lowHigh = p11 + (p01 >>> 16) + (p10 >>> 16) + (middle >>> 16);
  rLo = Math.imul(aLo, bLo) >>> 0;
  // The cross terms only reach the high half; their own high parts fall off the end mod 2^64.
  rHi = (lowHigh + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
}

/** r = (aHi:aLo + bHi:bLo) mod 2^64. */
function add64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const low = aLo + bLo;
  const carry = low >= TWO_POW_32 ? 1 : 0;
  rLo = low >>> 0;
  rHi = (aHi + bHi + carry) >>> 0;
}

/** r = z ^ (z >> shift) for 0 < shift < 32. */
function xorShiftRight(zHi: number, zLo: number, shift: number): void {
  const shiftedLo = ((zLo >>> shift) | (zHi << (32 - shift))) >>> 0;
  const shiftedHi = zHi >>> shift;
  rHi = (zHi ^ shiftedHi) >>> 0;
  rLo = (zLo ^ shiftedLo) >>> 0;
}

/** The SplitMix64 finaliser applied to rHi:rLo in place. */
function mixRegisters(): void {
  xorShiftRight(rHi, rLo, 30);
  mul64(rHi, rLo, MIX1_HI, MIX1_LO);
  xorShiftRight(rHi, rLo, 27);
  mul64(rHi, rLo, MIX2_HI, MIX2_LO);
  xorShiftRight(rHi, rLo, 31);
}

/**
 * Writes output `index` of the stream keyed keyHi:keyLo into out[offset] (high half) and out[offset+1] (low half).
 * `index` is a non-negative safe integer. `gamma` is the increment; only a fault switch passes another one.
 */
export function streamOutputInto(
  keyHi: number, keyLo: number, index: number, out: Uint32Array, offset = 0, gamma: Readonly<U64Halves> = SPLITMIX64_GAMMA,
): void {
  const counter = index + 1;
  mul64(Math.floor(counter / TWO_POW_32) >>> 0, counter >>> 0, gamma.hi, gamma.lo);
  add64(keyHi, keyLo, rHi, rLo);
  mixRegisters();
  out[offset] = rHi;
  out[offset + 1] = rLo;
}

/** The mix function alone, exposed for tests and for callers that hold a raw 64-bit state. */
export function mix64(zHi: number, zLo: number, out: Uint32Array, offset = 0): void {
  rHi = zHi >>> 0;
  rLo = zLo >>> 0;
  mixRegisters();
  out[offset] = rHi;
  out[offset + 1] = rLo;
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Output `index` of a stream as 16 lower-case hex digits (tests and diagnostics; allocates). */
export function streamOutputHex(keyHi: number, keyLo: number, index: number): string {
  const out = new Uint32Array(2);
  streamOutputInto(keyHi, keyLo, index, out);
  return hex32(out[0] ?? 0) + hex32(out[1] ?? 0);
}
