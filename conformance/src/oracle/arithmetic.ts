// The two arithmetics the forward oracle runs in (contract-core §2). Both follow the same operation order; they
// differ only in whether each operation's result is rounded to binary32.
//  - BINARY32: Math.fround after every operation — the exact-order result a runtime following §2 reproduces.
//  - BINARY64: no rounding — the reference point the logits tolerance is measured from.

export interface Arithmetic {
  readonly name: 'binary32' | 'binary64';
  /** Rounds one operation's result: Math.fround for binary32, identity for binary64. */
  readonly round: (x: number) => number;
}

export const BINARY32: Arithmetic = { name: 'binary32', round: Math.fround };
export const BINARY64: Arithmetic = { name: 'binary64', round: (x: number) => x };

/**
 * Σ_j w[offset + j] · x[j] for j = 0..n-1, in ascending j from +0, one rounding per product and per addition
 * (contract-core §2: acc = fround(acc + fround(a_j · b_j)); no fused multiply-add, no tree summation).
 */
export function dot(ar: Arithmetic, w: ArrayLike<number>, offset: number, x: ArrayLike<number>, n: number): number {
  const r = ar.round;
  let acc = 0;
  for (let j = 0; j < n; j += 1) acc = r(acc + r((w[offset + j] ?? Number.NaN) * (x[j] ?? Number.NaN)));
  return acc;
}

/** y = W·x for a row-major [rows, cols] matrix stored from `offset` (matrices are [out, in]). */
export function matVec(ar: Arithmetic, w: ArrayLike<number>, offset: number, rows: number, cols: number, x: ArrayLike<number>): number[] {
  const y: number[] = [];
  for (let o = 0; o < rows; o += 1) y.push(dot(ar, w, offset + o * cols, x, cols));
  return y;
}

/** Elementwise a + b, one rounding per element. */
export function addVectors(ar: Arithmetic, a: readonly number[], b: readonly number[]): number[] {
  return a.map((v, j) => ar.round(v + (b[j] ?? Number.NaN)));
}
