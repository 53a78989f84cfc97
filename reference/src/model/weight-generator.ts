// Conformance weights from the SplitMix64 weight streams (SPEC-010; contract-core §1). Element j of tensor NAME in a
// model with seed S is dyadic(output j of stream `litellm/v1/weight/<S>/<NAME>`), divided by 2^s for every matrix
// with in-dimension `in`, s = ceil(ceil(log2(in)) / 2), so projections keep O(1) outputs; norm weights are all 1.0.
// Engineered ties then copy router rows. Every value stays dyadic, hence exact in binary32.

import { weightStreamAddon } from '../native/native-kernels.ts';
import { streamOutputInto } from '../numeric/splitmix64.ts';
import { streamKey } from '../numeric/stream-key.ts';
import { routerTensorName, type Descriptor, type TieSpec } from './manifest-types.ts';
import { elementCount, type TensorSpec } from './tensor-layout.ts';

export function weightLabel(seed: string, name: string): string {
  return `litellm/v1/weight/${seed}/${name}`;
}

/** ceil(log2(n)) for n >= 1, in integers: the smallest c with 2^c >= n. */
export function ceilLog2(n: number): number {
  let c = 0;
  while (2 ** c < n) c++;
  return c;
}

/**
 * The power-of-two divisor of a tensor's generated values: 1 for vectors, 2^ceil(ceil(log2(in))/2) for matrices,
 * `in` being the last dimension (matrices are [out, in]; stacked expert tensors are [N, out, in]).
 */
export function weightScale(shape: readonly number[]): number {
  if (shape.length < 2) return 1;
  const inDim = shape[shape.length - 1]!;
  return 2 ** Math.ceil(ceilLog2(inDim) / 2);
}

/**
 * Fills `out` with outputs [first, first + out.length) of the weight stream of `name`, scaled: in the native addon
 * when it is built (the same values, bit for bit, many times faster), else here.
 */
export function fillWeightStream(seed: string, name: string, scale: number, out: Float32Array, first = 0): void {
  const key = streamKey(weightLabel(seed, name));
  const addon = weightStreamAddon();
  if (addon !== null) {
    addon.weightStream(key.hi, key.lo, first, scale, out);
    return;
  }
  const draw = new Uint32Array(2);
  for (let j = 0; j < out.length; j++) {
    streamOutputInto(key.hi, key.lo, first + j, draw, 0);
    // dyadic(u) = ((u >> 60) - 8) / 8: the top 4 bits of the high half.
    out[j] = ((draw[0]! >>> 28) - 8) / 8 / scale;
  }
}

export function generateTensor(seed: string, spec: TensorSpec): Float32Array {
  const values = new Float32Array(elementCount(spec.shape));
  if (spec.kind === 'norm') values.fill(1);
  else fillWeightStream(seed, spec.name, weightScale(spec.shape), values);
  return values;
}

/** Applies the descriptor's engineered ties of one layer to a freshly generated router tensor (in place). */
export function applyTies(descriptor: Descriptor, spec: TensorSpec, values: Float32Array): void {
  const d = descriptor.dModel;
  for (const tie of descriptor.ties ?? []) {
    if (routerTensorName(tie.layer, tie.level) !== spec.name) continue;
    copyRow(values, d, tie);
  }
}

function copyRow(values: Float32Array, d: number, tie: TieSpec): void {
  values.copyWithin(tie.copy.to * d, tie.copy.from * d, (tie.copy.from + 1) * d);
}

/** Every tensor of `specs`, generated for the descriptor's seed with its ties applied. */
export function generateTensors(descriptor: Descriptor, specs: readonly TensorSpec[]): Map<string, Float32Array> {
  const tensors = new Map<string, Float32Array>();
  for (const spec of specs) {
    const values = generateTensor(descriptor.seed, spec);
    applyTies(descriptor, spec, values);
    tensors.set(spec.name, values);
  }
  return tensors;
}
