// RMSNorm of contract-core §2 step 2a, in the defined operation order.
import type { Arithmetic } from './arithmetic.ts';

/** eps = 2^-20. */
export const RMS_EPS = 2 ** -20;

/**
 * ms = (Σ_j h_j²) / d with the sum in ascending j; r = 1 / sqrt(ms + eps), rounded after each of the three
 * operations; a_j = (h_j · r) · w_j.
 */
export function rmsNorm(ar: Arithmetic, h: readonly number[], weight: ArrayLike<number>): number[] {
  const round = ar.round;
  let sumOfSquares = 0;
  for (const v of h) sumOfSquares = round(sumOfSquares + round(v * v));
  const meanSquare = round(sumOfSquares / h.length);
  const inverseRms = round(1 / round(Math.sqrt(round(meanSquare + RMS_EPS))));
  return h.map((v, j) => round(round(v * inverseRms) * (weight[j] ?? Number.NaN)));
}
