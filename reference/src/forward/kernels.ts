// binary32 kernels over packed token rows (contract-core §2). Values live in Float32Arrays; every arithmetic
// result passes through Math.fround, which for +, -, *, / and sqrt of binary32 operands computed in binary64 is the
// correctly rounded binary32 result. Every reduction sums in ascending index order from +0 with one rounding per
// addition. Each output element has its own reduction, so blocking rows together (to reuse each weight load for
// several tokens) changes nothing in any result: a token's values do not depend on which rows share its call.

import { kernelBackend } from '../native/native-kernels.ts';
import type { Charge } from './token-ledger.ts';

const fround = Math.fround;
/** RMSNorm epsilon, 2^-20 (contract-core §2a). */
export const RMS_EPSILON = 2 ** -20;

/**
 * out[p] = RMSNorm(x[p]) * w for rows p in 0..rows-1 (each row d wide): ms = (Σ h_j²)/d, r = 1/sqrt(ms + eps),
 * a_j = (h_j · r) · w_j. Charges the d weights read to each row's token.
 */
export function rmsNormRows(x: Float32Array, rows: number, d: number, w: Float32Array, out: Float32Array, charge: Charge): void {
  const { addon } = kernelBackend();
  if (addon !== null) {
    addon.rmsnormRows(x, rows, d, w, out);
    for (let p = 0; p < rows; p++) charge.ledger.chargeParameters(charge.tokens[p]!, d);
    return;
  }
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
 * element wOffset (row-major [outDim, inDim]). Rows go four at a time, then two, then one; within a block several
 * outputs share each load of a row of X and several rows share each weight load, but each accumulator still adds its
 * own terms in ascending i. Charges every row's token the multiply-adds and weight reads executed for it.
 */
export function matmulRows(
  W: Float32Array, wOffset: number, outDim: number, inDim: number, X: Float32Array, rows: number, Y: Float32Array, charge: Charge,
): void {
  const { ledger, category, tokens } = charge;
  const terms = outDim * inDim;
  const { addon, isa } = kernelBackend();
  if (addon !== null) {
    addon.matmulRows(isa, W, wOffset, outDim, inDim, X, 0, rows, Y, 0);
  } else {
    let p = 0;
    for (; p + 4 <= rows; p += 4) fourRows(W, wOffset, outDim, inDim, X, p * inDim, Y, p * outDim);
    if (p + 2 <= rows) {
      twoRows(W, wOffset, outDim, inDim, X, p * inDim, Y, p * outDim);
      p += 2;
    }
    if (p < rows) oneRow(W, wOffset, outDim, inDim, X, p * inDim, Y, p * outDim);
  }
  for (let q = 0; q < rows; q++) {
    ledger.chargeMultiplyAdds(tokens[q]!, category, terms);
    ledger.chargeParameters(tokens[q]!, terms);
  }
}

/** Rows x/inDim .. +3 of X against every W row: two outputs by four rows, eight independent rounding chains. */
function fourRows(W: Float32Array, wOffset: number, outDim: number, inDim: number, X: Float32Array, x0: number, Y: Float32Array, y0: number): void {
  const x1 = x0 + inDim;
  const x2 = x1 + inDim;
  const x3 = x2 + inDim;
  const y1 = y0 + outDim;
  const y2 = y1 + outDim;
  const y3 = y2 + outDim;
  let o = 0;
  for (; o + 2 <= outDim; o += 2) {
    const w0 = wOffset + o * inDim;
    const w1 = w0 + inDim;
    let a0 = 0;
    let a1 = 0;
    let b0 = 0;
    let b1 = 0;
    let c0 = 0;
    let c1 = 0;
    let d0 = 0;
    let d1 = 0;
    for (let i = 0; i < inDim; i++) {
      const v0 = W[w0 + i]!;
      const v1 = W[w1 + i]!;
      let xi = X[x0 + i]!;
      a0 = fround(a0 + fround(v0 * xi));
      a1 = fround(a1 + fround(v1 * xi));
      xi = X[x1 + i]!;
      b0 = fround(b0 + fround(v0 * xi));
      b1 = fround(b1 + fround(v1 * xi));
      xi = X[x2 + i]!;
      c0 = fround(c0 + fround(v0 * xi));
      c1 = fround(c1 + fround(v1 * xi));
      xi = X[x3 + i]!;
      d0 = fround(d0 + fround(v0 * xi));
      d1 = fround(d1 + fround(v1 * xi));
    }
    Y[y0 + o] = a0;
    Y[y0 + o + 1] = a1;
    Y[y1 + o] = b0;
    Y[y1 + o + 1] = b1;
    Y[y2 + o] = c0;
    Y[y2 + o + 1] = c1;
    Y[y3 + o] = d0;
    Y[y3 + o + 1] = d1;
  }
  if (o < outDim) {
    const w = wOffset + o * inDim;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (let i = 0; i < inDim; i++) {
      const v = W[w + i]!;
      a = fround(a + fround(v * X[x0 + i]!));
      b = fround(b + fround(v * X[x1 + i]!));
      c = fround(c + fround(v * X[x2 + i]!));
      d = fround(d + fround(v * X[x3 + i]!));
    }
    Y[y0 + o] = a;
    Y[y1 + o] = b;
    Y[y2 + o] = c;
    Y[y3 + o] = d;
  }
}

/** Two rows of X against every W row: four outputs by two rows at a time. */
function twoRows(W: Float32Array, wOffset: number, outDim: number, inDim: number, X: Float32Array, x0: number, Y: Float32Array, y0: number): void {
  const x1 = x0 + inDim;
  const y1 = y0 + outDim;
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
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let i = 0; i < inDim; i++) {
      const v0 = W[w0 + i]!;
      const v1 = W[w1 + i]!;
      const v2 = W[w2 + i]!;
      const v3 = W[w3 + i]!;
      const xa = X[x0 + i]!;
      const xb = X[x1 + i]!;
      a0 = fround(a0 + fround(v0 * xa));
      a1 = fround(a1 + fround(v1 * xa));
      a2 = fround(a2 + fround(v2 * xa));
      a3 = fround(a3 + fround(v3 * xa));
      b0 = fround(b0 + fround(v0 * xb));
      b1 = fround(b1 + fround(v1 * xb));
      b2 = fround(b2 + fround(v2 * xb));
      b3 = fround(b3 + fround(v3 * xb));
    }
    Y[y0 + o] = a0;
    Y[y0 + o + 1] = a1;
    Y[y0 + o + 2] = a2;
    Y[y0 + o + 3] = a3;
    Y[y1 + o] = b0;
    Y[y1 + o + 1] = b1;
    Y[y1 + o + 2] = b2;
    Y[y1 + o + 3] = b3;
  }
  for (; o < outDim; o++) {
    const w = wOffset + o * inDim;
    let a = 0;
    let b = 0;
    for (let i = 0; i < inDim; i++) {
      const v = W[w + i]!;
      a = fround(a + fround(v * X[x0 + i]!));
      b = fround(b + fround(v * X[x1 + i]!));
    }
    Y[y0 + o] = a;
    Y[y1 + o] = b;
  }
}

/** One row of X against every W row, four outputs at a time: independent chains keep the adder busy. */
function oneRow(W: Float32Array, wOffset: number, outDim: number, inDim: number, X: Float32Array, x: number, Y: Float32Array, y: number): void {
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
    Y[y + o] = a0;
    Y[y + o + 1] = a1;
    Y[y + o + 2] = a2;
    Y[y + o + 3] = a3;
  }
  for (; o < outDim; o++) {
    const w = wOffset + o * inDim;
    let a = 0;
    for (let i = 0; i < inDim; i++) a = fround(a + fround(W[w + i]! * X[x + i]!));
    Y[y + o] = a;
  }
}

/**
 * out[outOffset + r] = <W row (firstRow + r), x[xOffset .. xOffset + d)> for r in 0..count-1, binary32 in ascending
 * index order: the router's per-token scoring of the children of one selected parent. Charges `token`.
 */
export function dotRows(
  W: Float32Array, firstRow: number, count: number, d: number, x: Float32Array, xOffset: number,
  out: Float64Array, outOffset: number, charge: Charge, token: number,
): void {
  // Four rows at a time share each load of x and keep four independent rounding chains in flight.
  let r = 0;
  for (; r + 4 <= count; r += 4) {
    const w0 = (firstRow + r) * d;
    const w1 = w0 + d;
    const w2 = w1 + d;
    const w3 = w2 + d;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let i = 0; i < d; i++) {
      const xi = x[xOffset + i]!;
      a0 = fround(a0 + fround(W[w0 + i]! * xi));
      a1 = fround(a1 + fround(W[w1 + i]! * xi));
      a2 = fround(a2 + fround(W[w2 + i]! * xi));
      a3 = fround(a3 + fround(W[w3 + i]! * xi));
    }
    out[outOffset + r] = a0;
    out[outOffset + r + 1] = a1;
    out[outOffset + r + 2] = a2;
    out[outOffset + r + 3] = a3;
  }
  for (; r < count; r++) {
    const w = (firstRow + r) * d;
    let a = 0;
    for (let i = 0; i < d; i++) a = fround(a + fround(W[w + i]! * x[xOffset + i]!));
    out[outOffset + r] = a;
  }
  const terms = count * d;
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
