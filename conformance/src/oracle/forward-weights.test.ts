import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DYADIC_VALUES, dyadic, inputLabel, streamKey, streamOutput, weightLabel } from './prng.ts';
import {
  byteTokens,
  forwardShardIds,
  forwardShardPath,
  forwardTensorSpecs,
  generateForwardWeights,
  inputTokens,
  scaledDyadicValues,
} from './forward-weights.ts';
import { generateRouterTensor, matrixScaleShift } from './weights.ts';
import type { ForwardDescriptor } from './types.ts';

const model: ForwardDescriptor = {
  family: 'litellm-conformance', formatVersion: 2, name: 'cm-fwd-w', seed: '11',
  dModel: 8, layers: 2, hierarchy: { tiers: 2, groupsPerTier: 1, expertsPerGroup: 3 }, topK: { tier: 1, group: 1, expert: 2 },
  vocab: 5, heads: 2, dFF: 12, sharedExpert: true, ropeBase: 10000, maxSeq: 4,
  ties: [{ layer: 1, level: 'tier', copy: { from: 0, to: 1 } }],
};

void test('s = ceil(ceil(log2(in)) / 2)', () => {
  const table = [[1, 0], [2, 1], [3, 1], [4, 1], [5, 2], [8, 2], [9, 2], [16, 2], [17, 3], [32, 3], [64, 3], [65, 4], [4096, 6], [16384, 7]];
  for (const [inDim, s] of table) assert.equal(matrixScaleShift(inDim ?? 0), s, `in ${inDim}`);
});

void test('names, shapes and shards: globals first, then one shard per layer, each in name order', () => {
  const specs = forwardTensorSpecs(model);
  assert.deepEqual(forwardShardIds(model).map(forwardShardPath), ['globals.safetensors', 'layer-0.safetensors', 'layer-1.safetensors']);
  assert.deepEqual(specs.filter((s) => s.shard === 'globals').map((s) => [s.name, s.shape]), [
    ['norm.weight', [8]], ['output.weight', [5, 8]], ['tok_embeddings.weight', [5, 8]],
  ]);
  assert.deepEqual(specs.filter((s) => s.shard === 1).map((s) => [s.name, s.shape]), [
    ['layers.1.attn.wk.weight', [8, 8]], ['layers.1.attn.wo.weight', [8, 8]], ['layers.1.attn.wq.weight', [8, 8]],
    ['layers.1.attn.wv.weight', [8, 8]], ['layers.1.attn_norm.weight', [8]],
    ['layers.1.experts.w1.weight', [6, 12, 8]], ['layers.1.experts.w2.weight', [6, 8, 12]], ['layers.1.experts.w3.weight', [6, 12, 8]],
    ['layers.1.ffn_norm.weight', [8]],
    ['layers.1.router.expert.weight', [6, 8]], ['layers.1.router.group.weight', [2, 8]], ['layers.1.router.tier.weight', [2, 8]],
    ['layers.1.shared.w1.weight', [12, 8]], ['layers.1.shared.w2.weight', [8, 12]], ['layers.1.shared.w3.weight', [12, 8]],
  ]);
  assert.equal(new Set(specs.map((s) => s.name)).size, specs.length);
  const noShared = forwardTensorSpecs({ ...model, sharedExpert: false });
  assert.ok(!noShared.some((s) => s.name.includes('.shared.')));
  assert.equal(noShared.length, specs.length - 6);
});

void test('every tensor has its shape; norms are 1.0; matrices are the weight stream scaled by their in-dimension', () => {
  const weights = generateForwardWeights(model);
  for (const spec of forwardTensorSpecs(model)) {
    const data = weights.get(spec.name);
    assert.ok(data, spec.name);
    assert.equal(data.length, spec.shape.reduce((a, b) => a * b, 1), spec.name);
    if (spec.kind === 'norm') {
      assert.ok(data.every((v) => v === 1), spec.name);
      continue;
    }
    const inDim = spec.shape[spec.shape.length - 1] ?? 0;
    const allowed = new Set(scaledDyadicValues(inDim));
    assert.ok(data.every((v) => allowed.has(v)), `${spec.name} holds only dyadic(u) / 2^${matrixScaleShift(inDim)}`);
    if (spec.kind === 'router') continue;
    const key = streamKey(weightLabel(model.seed, spec.name));
    for (const j of [0, 1, data.length - 1]) assert.equal(data[j], dyadic(streamOutput(key, j)) / 2 ** matrixScaleShift(inDim), `${spec.name}[${j}]`);
  }
});

void test('v2 router tensors are the v1 stream scaled by 2^-s(d), with the ties applied', () => {
  const weights = generateForwardWeights(model);
  const v1Stream = generateRouterTensor({ ...model, formatVersion: 1, ties: [] }, 1, 'tier').data;
  const v2Tier = weights.get('layers.1.router.tier.weight');
  assert.ok(v2Tier);
  const scale = 2 ** matrixScaleShift(8);
  assert.deepEqual([...v2Tier.subarray(0, 8)], [...v1Stream.subarray(0, 8)].map((v) => v / scale));
  assert.deepEqual([...v2Tier.subarray(8, 16)], [...v2Tier.subarray(0, 8)], 'tie: row 1 is a copy of row 0');
});

void test('scaled values stay dyadic, so router scores of dyadic inputs remain exact in float32', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4096 }), (inDim) => {
      const values = scaledDyadicValues(inDim);
      assert.equal(values.length, 16);
      for (const v of values) {
        assert.equal(Math.fround(v), v);
        assert.ok(DYADIC_VALUES.includes(v * 2 ** matrixScaleShift(inDim)));
      }
    }),
  );
});

void test('token inputs: the top byte of the input stream modulo vocab; byte strings as UTF-8', () => {
  const key = streamKey(inputLabel('11', 2));
  assert.deepEqual(inputTokens('11', 2, 6, 256), Array.from({ length: 6 }, (_, j) => Number(streamOutput(key, j) >> 56n)));
  assert.deepEqual(inputTokens(11n, 2, 6, 5), inputTokens('11', 2, 6, 256).map((t) => t % 5));
  assert.deepEqual(byteTokens('Hello, world'), [72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100]);
  assert.deepEqual(byteTokens('é'), [0xc3, 0xa9]);
});
