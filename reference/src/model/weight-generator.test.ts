import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DEFAULT_MODEL_DESCRIPTOR, generateModelWeights } from './builtin-models.ts';
import fc from 'fast-check';
import { kernelBackend, TYPESCRIPT_BACKEND, withKernelBackend } from '../native/native-kernels.ts';
import { fillWeightStream, generateTensor, weightScale } from './weight-generator.ts';

const MASK = (1n << 64n) - 1n;

/** SPEC-010 §4.2 in BigInt, written from the definition: output i of the stream of `label`. */
function output(label: string, i: number): bigint {
  let z = (createHash('sha256').update(label, 'utf8').digest().readBigUInt64BE(0) + BigInt(i + 1) * 0x9e3779b97f4a7c15n) & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}
const dyadic = (u: bigint): number => (Number(u >> 60n) - 8) / 8;

test('weight scale: 2^ceil(ceil(log2(in))/2) for matrices by their last dimension, 1 for vectors (SPEC-010 §4.6)', () => {
  assert.deepEqual([[16], [4, 1], [4, 2], [4, 3], [4, 16], [4, 32], [9, 64, 32], [9, 32, 64], [3, 65]].map(weightScale), [1, 1, 2, 2, 4, 8, 8, 8, 16]);
});

test('generated tensors are the dyadic weight-stream outputs divided by the scale; norms are 1', () => {
  const name = 'layers.1.experts.w2.weight';
  const values = generateTensor('0', { name, shape: [16, 32, 64], kind: 'weight' });
  for (const j of [0, 1, 2, 777, values.length - 1]) assert.equal(values[j], dyadic(output(`litellm/v1/weight/0/${name}`, j)) / 8);
  const embeddings = generateTensor('7002', { name: 'tok_embeddings.weight', shape: [256, 16], kind: 'weight' });
  assert.equal(embeddings[100], dyadic(output('litellm/v1/weight/7002/tok_embeddings.weight', 100)) / 4);
  assert.ok(generateTensor('0', { name: 'norm.weight', shape: [32], kind: 'norm' }).every((v) => v === 1));
});

test('the default model\'s router and projection tensors come from their own streams, ties none', () => {
  const weights = generateModelWeights(DEFAULT_MODEL_DESCRIPTOR);
  const layer = weights.transformer!.layers[1]!;
  assert.equal(layer.router.expert[5], dyadic(output('litellm/v1/weight/0/layers.1.router.expert.weight', 5)) / 8);
  assert.equal(layer.wo[1000], dyadic(output('litellm/v1/weight/0/layers.1.attn.wo.weight', 1000)) / 8);
  assert.equal(layer.shared!.w2.length, 32 * 64);
  assert.equal(weights.layers[1], layer.router, 'the route API and the forward pass share one router');
});

test('the native weight stream equals the TypeScript one bit for bit, far past 2^32 elements into a stream', { skip: kernelBackend().addon === null ? 'native kernels not built' : false }, () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 2 ** 53 - 200 }), fc.integer({ min: 0, max: 150 }), fc.constantFrom(1, 2, 8, 64), (name, first, count, scale) => {
      const native = new Float32Array(count);
      const typescript = new Float32Array(count);
      fillWeightStream('7', name, scale, native, first);
      withKernelBackend(TYPESCRIPT_BACKEND, () => fillWeightStream('7', name, scale, typescript, first));
      assert.deepEqual(new Uint32Array(native.buffer), new Uint32Array(typescript.buffer));
    }),
    { numRuns: 300 },
  );
  const out = new Float32Array(3);
  assert.throws(() => kernelBackend().addon!.weightStream(2 ** 32, 0, 0, 1, out), { code: 'E_INTERNAL' });
  assert.throws(() => kernelBackend().addon!.weightStream(0, 0, 2 ** 53, 1, out), { code: 'E_INTERNAL' });
  assert.throws(() => kernelBackend().addon!.weightStream(0, 0, 0, 0.5, out), { code: 'E_INTERNAL' });
});
