import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dotRows, matmulRows, rmsNormRows, silu } from './kernels.ts';
import { EXPERTS, TokenLedger } from './token-ledger.ts';

const f32 = (length: number) => fc.float32Array({ minLength: length, maxLength: length, noNaN: true, noDefaultInfinity: true, min: -4, max: 4 });

/** Σ_i w_i·x_i with one binary32 rounding per product and per addition, ascending i, from +0. */
function plainDot(w: Float32Array, wAt: number, x: Float32Array, xAt: number, n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = Math.fround(acc + Math.fround(w[wAt + i]! * x[xAt + i]!));
  return acc;
}

test('matmulRows: each output equals its own ascending binary32 dot product, whatever the row count (blocked or not)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), (rows, outDim, inDim) => {
      const W = Float32Array.from({ length: (outDim + 1) * inDim }, (_, i) => Math.fround(Math.sin(i * 1.7) * 3));
      const X = Float32Array.from({ length: rows * inDim }, (_, i) => Math.fround(Math.cos(i * 0.37 + rows) * 2));
      const Y = new Float32Array(rows * outDim);
      const ledger = new TokenLedger(rows);
      const tokens = Int32Array.from({ length: rows }, (_, p) => p);
      matmulRows(W, inDim, outDim, inDim, X, rows, Y, { ledger, category: EXPERTS, tokens });
      for (let p = 0; p < rows; p++) {
        for (let o = 0; o < outDim; o++) assert.equal(Y[p * outDim + o], plainDot(W, (o + 1) * inDim, X, p * inDim, inDim));
        assert.equal(ledger.flopsOf(p).experts, 2 * outDim * inDim);
        assert.equal(ledger.parameterBytesOf(p), 4 * outDim * inDim);
      }
    }),
  );
});

test('matmulRows: a row computed in a block of four equals the same row computed alone (arbitrary binary32 data)', () => {
  fc.assert(
    fc.property(f32(4 * 7), f32(3 * 7), fc.integer({ min: 0, max: 3 }), (X, W, pick) => {
      const tokens = Int32Array.from([0, 1, 2, 3]);
      const together = new Float32Array(4 * 3);
      matmulRows(W, 0, 3, 7, X, 4, together, { ledger: new TokenLedger(4), category: EXPERTS, tokens });
      const alone = new Float32Array(3);
      matmulRows(W, 0, 3, 7, X.slice(pick * 7, (pick + 1) * 7), 1, alone, { ledger: new TokenLedger(1), category: EXPERTS, tokens });
      assert.deepEqual(alone, together.slice(pick * 3, (pick + 1) * 3));
    }),
  );
});

test('dotRows scores the requested router rows and charges only the token it scores', () => {
  const W = Float32Array.from({ length: 5 * 3 }, (_, i) => (i % 7) / 8 - 0.5);
  const x = Float32Array.from([0, 0, 0, 0.25, -1, 2]);
  const out = new Float64Array(2);
  const ledger = new TokenLedger(2);
  dotRows(W, 2, 2, 3, x, 3, out, 0, { ledger, category: EXPERTS, tokens: new Int32Array(0) }, 1);
  assert.deepEqual([...out], [plainDot(W, 6, x, 3, 3), plainDot(W, 9, x, 3, 3)]);
  assert.deepEqual([ledger.flopsOf(0).total, ledger.flopsOf(1).experts, ledger.parameterBytesOf(1)], [0, 12, 24]);
});

test('dotRows: every scored row equals its own ascending binary32 dot product, whatever the count', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 }), (count, d, firstRow) => {
      const W = Float32Array.from({ length: (firstRow + count) * d }, (_, i) => Math.fround(Math.sin(i * 1.3) * 3));
      const x = Float32Array.from({ length: 2 * d }, (_, i) => Math.fround(Math.cos(i * 0.7) * 2));
      const out = new Float64Array(count + 1);
      const ledger = new TokenLedger(1);
      dotRows(W, firstRow, count, d, x, d, out, 1, { ledger, category: EXPERTS, tokens: new Int32Array(0) }, 0);
      for (let r = 0; r < count; r++) assert.equal(out[1 + r], plainDot(W, (firstRow + r) * d, x, d, d));
      assert.equal(ledger.flopsOf(0).experts, 2 * count * d);
    }),
  );
});

test('rmsNormRows follows contract-core §2a: binary32 sum of squares, /d, 1/sqrt(ms + 2^-20), then (h·r)·w', () => {
  const x = Float32Array.from([3, -4, 0, 0, 1e-4, 0, 0, 0]);
  const w = Float32Array.from([1, 0.5, 2, 1]);
  const out = new Float32Array(8);
  const ledger = new TokenLedger(2);
  rmsNormRows(x, 2, 4, w, out, { ledger, category: EXPERTS, tokens: Int32Array.from([0, 1]) });
  const r = Math.fround(1 / Math.fround(Math.sqrt(Math.fround(25 / 4 + 2 ** -20))));
  assert.deepEqual([...out.slice(0, 4)], [Math.fround(3 * r), Math.fround(Math.fround(-4 * r) * 0.5), 0, 0]);
  // A row near zero is held finite by the epsilon.
  assert.ok(out.slice(4).every(Number.isFinite));
  assert.deepEqual([ledger.parameterBytesOf(0), ledger.flopsOf(0).total], [16, 0]);
});

test('silu rounds every step to binary32 and stays finite at the extremes', () => {
  assert.equal(silu(0), 0);
  assert.equal(silu(1), Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-1)))));
  assert.equal(silu(-200), -0);
  assert.equal(silu(200), 200);
});
