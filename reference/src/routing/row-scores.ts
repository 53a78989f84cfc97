// Router scores (SPEC-003 §4.1): binary64 dot products of router rows with a hidden vector, summed in index order,
// which is exact for dyadic inputs and weights and gives one fixed rounding for any other input.

import { RuntimeError } from '../errors.ts';

/** Which elements a dot product sums: `terms` of the d elements, starting at `start` and wrapping around. */
export interface DotShape {
  d: number;
  /** d, unless a fault switch drops the last element. */
  terms: number;
  /** 0, unless a fault switch rotates the summation order. */
  start: number;
}

export function conformingDot(d: number): DotShape {
  return { d, terms: d, start: 0 };
}

/** out[outOffset + r] = <weights row (firstRow + r), x> for r in 0..rows-1, x = hidden[xOffset .. xOffset+d). */
export function scoreRows(
  weights: Float32Array, firstRow: number, rows: number, dot: DotShape,
  hidden: Float64Array, xOffset: number, out: Float64Array, outOffset = 0,
): void {
  const { d, terms, start } = dot;
  for (let r = 0; r < rows; r++) {
    const base = (firstRow + r) * d;
    let sum = 0;
    for (let j = start; j < terms; j++) sum += (weights[base + j] ?? 0) * (hidden[xOffset + j] ?? 0);
    for (let j = 0; j < start; j++) sum += (weights[base + j] ?? 0) * (hidden[xOffset + j] ?? 0);
    // Finite inputs can still overflow in a product or sum; a non-finite score has no rank.
    if (!Number.isFinite(sum)) throw new RuntimeError('E_ROUTING_NOT_FINITE', 'a router score overflowed binary64');
    out[outOffset + r] = sum;
  }
}
