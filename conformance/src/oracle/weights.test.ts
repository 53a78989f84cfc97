import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DYADIC_VALUES, dyadic, streamKey, streamOutput } from './prng.ts';
import {
  generateRouterTensor,
  generateRouterTensors,
  inputMatrix,
  inputVector,
  layerTensorNames,
  routerTensorName,
} from './weights.ts';
import type { ModelDescriptor } from './types.ts';

const tiny: ModelDescriptor = {
  family: 'litellm-conformance',
  formatVersion: 1,
  name: 'cm-tiny',
  seed: '7',
  dModel: 8,
  layers: 2,
  hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 4 },
  topK: { tier: 1, group: 1, expert: 2 },
};

const dyadicValue = fc.constantFrom(...DYADIC_VALUES);

void test('tensor names, shapes and order follow the contract', () => {
  assert.equal(routerTensorName(3, 'group'), 'layers.3.router.group.weight');
  assert.deepEqual(layerTensorNames(1), ['layers.1.router.expert.weight', 'layers.1.router.group.weight', 'layers.1.router.tier.weight']);
  const tensors = generateRouterTensors(tiny);
  assert.deepEqual(tensors.map((t) => [t.name, t.shape]), [
    ['layers.0.router.expert.weight', [16, 8]],
    ['layers.0.router.group.weight', [4, 8]],
    ['layers.0.router.tier.weight', [2, 8]],
    ['layers.1.router.expert.weight', [16, 8]],
    ['layers.1.router.group.weight', [4, 8]],
    ['layers.1.router.tier.weight', [2, 8]],
  ]);
});

void test('weight element j is output j of the tensor stream, mapped to a dyadic value', () => {
  const tensor = generateRouterTensor(tiny, 1, 'group');
  const key = streamKey('litellm/v1/weight/7/layers.1.router.group.weight');
  tensor.data.forEach((value, j) => assert.equal(value, dyadic(streamOutput(key, j))));
});

void test('tie overrides copy row `from` over row `to` of that layer and level only', () => {
  const tied: ModelDescriptor = { ...tiny, ties: [{ layer: 1, level: 'expert', copy: { from: 5, to: 2 } }] };
  const plain = generateRouterTensor(tiny, 1, 'expert').data;
  const copied = generateRouterTensor(tied, 1, 'expert').data;
  const d = tiny.dModel;
  for (let row = 0; row < 16; row += 1) {
    const expected = row === 2 ? plain.slice(5 * d, 6 * d) : plain.slice(row * d, row * d + d);
    assert.deepEqual(copied.slice(row * d, row * d + d), expected, `row ${row}`);
  }
  assert.deepEqual(generateRouterTensor(tied, 0, 'expert').data, generateRouterTensor(tiny, 0, 'expert').data);
  assert.deepEqual(generateRouterTensor(tied, 1, 'group').data, generateRouterTensor(tiny, 1, 'group').data);
});

void test('input vectors come from the input stream and are dyadic', () => {
  const x = inputVector('7', 4, 8);
  const key = streamKey('litellm/v1/input/7/4');
  assert.deepEqual(x, Array.from({ length: 8 }, (_, j) => dyadic(streamOutput(key, j))));
  assert.deepEqual(inputMatrix(7n, 3, 2, 8), [inputVector('7', 3, 8), inputVector('7', 4, 8)]);
});

// Why exactness holds: products are multiples of 2^-6 with |p| ≤ 1, so any partial sum of ≤ 512 of them is a
// multiple of 2^-6 below 2^9 and needs at most 15 significant bits — float32 rounds nothing.
void test('dot products of dyadic vectors are exact in float32 in any summation order (d ≤ 512)', () => {
  const pair = fc.integer({ min: 1, max: 512 }).chain((d) =>
    fc.tuple(
      fc.array(dyadicValue, { minLength: d, maxLength: d }),
      fc.array(dyadicValue, { minLength: d, maxLength: d }),
      fc.shuffledSubarray(Array.from({ length: d }, (_, i) => i), { minLength: d, maxLength: d }),
    ),
  );
  fc.assert(
    fc.property(pair, ([w, x, order]) => {
      let f64 = 0;
      for (let j = 0; j < w.length; j += 1) f64 += (w[j] ?? 0) * (x[j] ?? 0);
      let f32 = 0;
      for (const j of order) f32 = Math.fround(f32 + Math.fround((w[j] ?? 0) * (x[j] ?? 0)));
      assert.equal(f32, f64);
      // Worst case magnitudes: every product ±1 (the extremes -1 × -1).
      assert.ok(Math.abs(f64) <= w.length);
    }),
    { numRuns: 200 },
  );
  // The extreme: every product is (-1)·(-1) = 1, the largest partial sums the bound allows.
  let f32 = 0;
  for (let j = 0; j < 512; j += 1) f32 = Math.fround(f32 + Math.fround(-1 * -1));
  assert.equal(f32, 512);
  let mixed = 0;
  for (let j = 0; j < 512; j += 1) mixed = Math.fround(mixed + Math.fround(j % 2 === 0 ? 1 : -0.875 * 0.125));
  assert.equal(mixed, 256 - 256 * (0.875 * 0.125));
});
