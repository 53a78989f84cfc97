// Properties of the forward pass's building blocks (contract-core §2), in both arithmetics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BINARY32, BINARY64, dot, matVec, type Arithmetic } from './arithmetic.ts';
import { causalAttention, softmaxAscending } from './attention.ts';
import { silu, swiglu } from './ffn.ts';
import { RMS_EPS, rmsNorm } from './norm.ts';
import { applyRope, ropeAngle } from './rope.ts';

const arithmetics: Arithmetic[] = [BINARY32, BINARY64];
const f32 = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
const vectorOf = (n: number) => fc.array(f32, { minLength: n, maxLength: n });
const evenDims = fc.record({ heads: fc.integer({ min: 1, max: 4 }), pairs: fc.integer({ min: 1, max: 4 }) });

void test('binary32 dot products round every product and every partial sum, in ascending order from +0', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }).chain((n) => fc.tuple(vectorOf(n), vectorOf(n))), ([w, x]) => {
      let acc = 0;
      for (let j = 0; j < w.length; j += 1) acc = Math.fround(acc + Math.fround((w[j] ?? 0) * (x[j] ?? 0)));
      assert.equal(dot(BINARY32, w, 0, x, w.length), acc);
      let exact = 0;
      for (let j = 0; j < w.length; j += 1) exact += (w[j] ?? 0) * (x[j] ?? 0);
      assert.equal(dot(BINARY64, w, 0, x, w.length), exact);
    }),
  );
  assert.ok(Object.is(dot(BINARY32, [-1], 0, [0], 1), 0), 'starts from +0');
  assert.deepEqual(matVec(BINARY64, [1, 2, 3, 4, 5, 6], 0, 2, 3, [1, 0, -1]), [-2, -2]);
  assert.deepEqual(matVec(BINARY64, [9, 9, 1, 2, 3, 4], 2, 2, 2, [1, 1]), [3, 7]);
});

void test('RMSNorm of a constant vector c is c / sqrt(c² + eps) in every element', () => {
  for (const ar of arithmetics) {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), f32, (d, c) => {
        const out = rmsNorm(ar, new Array<number>(d).fill(c), new Array<number>(d).fill(1));
        const expected = c / Math.sqrt(c * c + RMS_EPS);
        for (const v of out) {
          assert.equal(v, out[0]);
          assert.ok(Math.abs(v - expected) <= 1e-6 * (1 + Math.abs(expected)), `${ar.name} ${v} vs ${expected}`);
        }
      }),
    );
  }
  assert.deepEqual(rmsNorm(BINARY64, [0, 0], [1, 1]), [0, 0], 'eps keeps the zero vector finite');
  // (h_j · r) · w_j with r = 1 / sqrt(ms + eps): the multiplication order of step 2a.
  const r = 1 / Math.sqrt(9 + RMS_EPS);
  assert.deepEqual(rmsNorm(BINARY64, [3, -3], [2, 0.5]), [3 * r * 2, -3 * r * 0.5]);
});

void test('RoPE at position 0 is the identity; at any position it preserves each pair\'s length', () => {
  const cases = evenDims.chain(({ heads, pairs }) => fc.tuple(fc.constant(heads), vectorOf(heads * pairs * 2), fc.integer({ min: 0, max: 4095 })));
  fc.assert(
    fc.property(cases, ([heads, x, pos]) => {
      for (const ar of arithmetics) assert.deepEqual(applyRope(ar, x, 0, heads, 10000), x, ar.name);
      const rotated = applyRope(BINARY64, x, pos, heads, 10000);
      for (let i = 0; i < x.length; i += 2) {
        const before = Math.hypot(x[i] ?? 0, x[i + 1] ?? 0);
        const after = Math.hypot(rotated[i] ?? 0, rotated[i + 1] ?? 0);
        assert.ok(Math.abs(before - after) <= 1e-12 * (1 + before));
      }
    }),
  );
  assert.equal(ropeAngle(3, 0, 8, 10000), 3, 'pair 0 turns by the position itself');
  assert.equal(ropeAngle(1, 2, 8, 10000), 10000 ** -0.5);
  const [a, b] = applyRope(BINARY64, [1, 0], 1, 1, 10000);
  assert.deepEqual([a, b], [Math.cos(1), Math.sin(1)]);
});

void test('softmax rows sum to 1, and attention at position 0 returns v_0', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 40 }), (scores) => {
      const p = softmaxAscending(scores);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) <= 1e-12);
      assert.ok(p.every((v) => v >= 0 && v <= 1));
    }),
  );
  fc.assert(
    fc.property(evenDims.chain(({ heads, pairs }) => fc.tuple(fc.constant(heads), vectorOf(heads * pairs * 2), vectorOf(heads * pairs * 2), vectorOf(heads * pairs * 2))), ([heads, q, k, v]) => {
      for (const ar of arithmetics) assert.deepEqual(causalAttention(ar, [q], [k], [v], heads), [v], ar.name);
    }),
  );
  // Equal scores average the values; one head sees only its own slice.
  const out = causalAttention(BINARY64, [[0, 0], [0, 0]], [[1, 1], [1, 1]], [[2, 4], [4, 8]], 1);
  assert.deepEqual(out, [[2, 4], [3, 6]]);
});

void test('SwiGLU of the zero vector is zero; silu(0) = 0 and silu is z·sigmoid(z)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1000 }), (d, dFF, salt) => {
      const weights = (n: number) => Float32Array.from({ length: n }, (_, i) => (((i * 7 + salt) % 16) - 8) / 8);
      const w = { w1: weights(d * dFF), w3: weights(d * dFF), w2: weights(d * dFF) };
      for (const ar of arithmetics) {
        const out = swiglu(ar, w, { up: 0, down: 0 }, { d, dFF }, new Array<number>(d).fill(0));
        assert.ok(out.every((v) => v === 0), ar.name);
      }
    }),
  );
  assert.equal(silu(BINARY32, 0), 0);
  fc.assert(
    fc.property(f32, (z) => {
      assert.ok(Math.abs(silu(BINARY64, z) - z / (1 + Math.exp(-z))) <= 1e-15);
      assert.equal(Math.fround(silu(BINARY32, z)), silu(BINARY32, z));
    }),
  );
});
