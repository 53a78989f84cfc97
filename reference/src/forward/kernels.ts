// binary32 kernels over packed token rows (contract-core §2). Values live in Float32Arrays; every arithmetic
// result passes through Math.fround, which for +, -, *, / and sqrt of binary32 operands computed in binary64 is the
// correctly rounded binary32 result. Every reduction sums in ascending index order from +0 with one rounding per
// addition. Each output element has its own reduction, so blocking rows together (to reuse each weight load for
// several tokens) changes nothing in any result: a token's values do not depend on which rows share its call.

import type { Charge } from './token-ledger.ts';

const fround = Math.fround;
/** RMSNorm epsilon, 2^-20 (contract-core §2a). */
export const RMS_EPSILON = 2 ** -20;

/**
 * out[p] = RMSNorm(x[p]) * w for rows p in 0..rows-1 (each row d wide): ms = (Σ h_j²)/d, r = 1/sqrt(ms + eps),
 * a_j = (h_j · r) · w_j. Charges the d weights read to each row's token.
 */
export function rmsNormRows(x: Float32Array, rows: number, d: number, w: Float32Array, out: Float32Array, charge: Charge): void {
  for (let p = 0; p < rows; p++) {
    const at = p * d;
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const h = x[at + j]!;
      sum = fround(sum + fround(h * h));
    }
    const ms = fround(sum / d);
    const r = fround(1 / fround(Math.sqrt(fround(ms + RMS_EPSILON))));
    for (let j = 0; j < d; j++) out[at + j] = fround(fround(x[at + j]! * r) * w[j]!);
    charge.ledger.chargeParameters(charge.tokens[p]!, d);
  }
}

/**
 * Y[p, o] = Σ_i W[o, i] · X[p, i] for rows p of X (packed [rows, inDim]) and the outDim rows of W starting at
 * element wOffset (row-major [outDim, inDim]). Four rows share each weight load; each accumulator still adds its
 * own terms in ascending i. Charges every row's token the multiply-adds and weight reads executed for it.
 */
export function matmulRows(
  W: Float32Array, wOffset: number, outDim: number, inDim: number, X: Float32Array, rows: number, Y: Float32Array, charge: Charge,
): void {
  const { ledger, category, tokens } = charge;
  let p = 0;
  for (; p + 4 <= rows; p += 4) {
    const x0 = p * inDim;
    const x1 = x0 + inDim;
    const x2 = x1 + inDim;
    const x3 = x2 + inDim;
    let terms = 0;
    for (let o = 0; o < outDim; o++) {
      const w = wOffset + o * inDim;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let i = 0; i < inDim; i++) {
        const wi = W[w + i]!;
        a0 = fround(a0 + fround(wi * X[x0 + i]!));
        a1 = fround(a1 + fround(wi * X[x1 + i]!));
        a2 = fround(a2 + fround(wi * X[x2 + i]!));
        a3 = fround(a3 + fround(wi * X[x3 + i]!));
      }
      terms += inDim;
      Y[p * outDim + o] = a0;
      Y[(p + 1) * outDim + o] = a1;
      Y[(p + 2) * outDim + o] = a2;
      Y[(p + 3) * outDim + o] = a3;
    }
    for (let q = p; q < p + 4; q++) {
      ledger.chargeMultiplyAdds(tokens[q]!, category, terms);
      ledger.chargeParameters(tokens[q]!, terms);
    }
  }
  // Remaining rows one at a time, four output elements at once: independent accumulators keep the adder busy
  // where a single dependent chain would wait on each rounding.
  for (; p < rows; p++) {
    const terms = matvecRow(W, wOffset, outDim, inDim, X, p * inDim, Y, p * outDim);
    ledger.chargeMultiplyAdds(tokens[p]!, category, terms);
    ledger.chargeParameters(tokens[p]!, terms);
  }
}

/** y[yAt + o] = dot(W row o, x[xAt ..]) for o in 0..outDim-1; returns the multiply-adds executed. */
function matvecRow(W: Float32Array, wOffset: number, outDim: number, inDim: number, X: Float32Array, x: number, Y: Float32Array, y: number): number {
  let terms = 0;
  let o = 0;
  for (; o + 4 <= outDim; o += 4) {
    const w0 = wOffset + o * inDim;
    const w1 = w0 + inDim;
    const w2 = w1 + inDim;
    const w3 = w2 + inDim;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let i = 0; i < inDim; i++) {
      const xi = X[x + i]!;
      a0 = fround(a0 + fround(W[w0 + i]! * xi));
      a1 = fround(a1 + fround(W[w1 + i]! * xi));
      a2 = fround(a2 + fround(W[w2 + i]! * xi));
      a3 = fround(a3 + fround(W[w3 + i]! * xi));
    }
    terms += 4 * inDim;
    Y[y + o] = a0;
    Y[y + o + 1] = a1;
    Y[y + o + 2] = a2;
    Y[y + o + 3] = a3;
  }
  for (; o < outDim; o++) {
    const w = wOffset + o * inDim;
    let a = 0;
    for (let i = 0; i < inDim; i++) a = fround(a + fround(W[w + i]! * X[x + i]!));
    terms += inDim;
    Y[y + o] = a;
  }
  return terms;
}

/**
 * out[outOffset + r] = <W row (firstRow + r), x[xOffset .. xOffset + d)> for r in 0..count-1, binary32 in ascending
 * index order: the router's per-token scoring of the children of one selected parent. Charges `token`.
 */
export function dotRows(
  W: Float32Array, firstRow: number, count: number, d: number, x: Float32Array, xOffset: number,
  out: Float64Array, outOffset: number, charge: Charge, token: number,
): void {
  let terms = 0;
  for (let r = 0; r < count; r++) {
    const w = (firstRow + r) * d;
    let a = 0;
    for (let i = 0; i < d; i++) a = fround(a + fround(W[w + i]! * x[xOffset + i]!));
    terms += d;
    out[outOffset + r] = a;
  }
  charge.ledger.chargeMultiplyAdds(token, charge.category, terms);
  charge.ledger.chargeParameters(token, terms);
}

/** silu(z) = z / (1 + exp(-z)), each step rounded to binary32 (contract-core §2e). */
export function silu(z: number): number {
  return fround(z / fround(1 + fround(Math.exp(-z))));
}

/** u[i] = silu(u[i]) · v[i] for i in 0..length-1: the SwiGLU gate, in place in u. Elementwise, not counted. */
export function swiGluInPlace(u: Float32Array, v: Float32Array, length: number): void {
  for (let i = 0; i < length; i++) u[i] = fround(silu(u[i]!) * v[i]!);
}

/** h[i] = h[i] + y[i] (binary32) for i in 0..length-1: a residual add. */
export function addInPlace(h: Float32Array, y: Float32Array, length: number): void {
  for (let i = 0; i < length; i++) h[i] = fround(h[i]! + y[i]!);
}
