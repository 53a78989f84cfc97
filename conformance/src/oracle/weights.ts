// Router tensors and fixture inputs of a conformance model, generated element by element from the SPEC-010 streams.
// Every value is dyadic (k/8, |k| ≤ 8), hence exactly representable in float32.
import { OracleError } from './errors.ts';
import { levelRows } from './descriptor.ts';
import { dyadic, inputLabel, streamKey, streamOutput, weightLabel, type RoutingLevel } from './prng.ts';
import type { RouterDescriptor, RouterTensors } from './types.ts';

export interface RouterTensor {
  name: string;
  layer: number;
  level: RoutingLevel;
  /** [rows, dModel] */
  shape: [number, number];
  /** Row-major float32 data. */
  data: Float32Array;
}

/** `layers.<l>.router.<level>.weight` */
export function routerTensorName(layer: number, level: RoutingLevel): string {
  return `layers.${layer}.router.${level}.weight`;
}

/** Names of one layer's router tensors in byte-wise name order (the order shards store them in). */
export function layerTensorNames(layer: number): string[] {
  const levels: RoutingLevel[] = ['tier', 'group', 'expert'];
  return levels.map((level) => routerTensorName(layer, level)).sort(compareNames);
}

/** Byte-wise (UTF-16 code unit, identical for ASCII names) ordering. */
export function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Element j of tensor NAME = dyadic(output j of stream litellm/v1/weight/<S>/<NAME>). */
export function generateTensorData(seed: string, name: string, elements: number): Float32Array {
  const key = streamKey(weightLabel(seed, name));
  const data = new Float32Array(elements);
  for (let j = 0; j < elements; j += 1) data[j] = dyadic(streamOutput(key, j));
  return data;
}

/** s = ceil(ceil(log2(in)) / 2): a v2 matrix with in-dimension `in` holds dyadic(u) / 2^s (contract-core §1). */
export function matrixScaleShift(inDim: number): number {
  if (!Number.isInteger(inDim) || inDim < 1) throw new OracleError('E_INTERNAL', `in-dimension must be a positive integer: ${inDim}`);
  let bits = 0;
  while (2 ** bits < inDim) bits += 1;
  return Math.ceil(bits / 2);
}

/** Divide every element by 2^shift (exact: the values stay dyadic). */
export function scaleInPlace(data: Float32Array, shift: number): void {
  const divisor = 2 ** shift;
  for (let j = 0; j < data.length; j += 1) data[j] = (data[j] ?? 0) / divisor;
}

/** One router tensor of a layer, with the descriptor's tie overrides applied. */
export function generateRouterTensor(descriptor: RouterDescriptor, layer: number, level: RoutingLevel): RouterTensor {
  const d = descriptor.dModel;
  const rows = levelRows(descriptor, level);
  const name = routerTensorName(layer, level);
  const data = generateTensorData(descriptor.seed, name, rows * d);
  // formatVersion 2 scales every matrix by its in-dimension (contract-core §1); scaling by a power of two commutes
  // with the row copies below.
  if (descriptor.formatVersion === 2) scaleInPlace(data, matrixScaleShift(d));
  // Ties are applied after generation, in descriptor order: row `to` becomes a copy of row `from`.
  for (const tie of descriptor.ties ?? []) {
    if (tie.layer !== layer || tie.level !== level) continue;
    const { from, to } = tie.copy;
    if (from >= rows || to >= rows) throw new OracleError('E_MODEL_MANIFEST_INVALID', `tie row out of range in ${name}`);
    data.copyWithin(to * d, from * d, from * d + d);
  }
  return { name, layer, level, shape: [rows, d], data };
}

/** The three router tensors of one layer, in name order. */
export function generateLayerTensors(descriptor: RouterDescriptor, layer: number): RouterTensor[] {
  const levels: RoutingLevel[] = ['tier', 'group', 'expert'];
  return levels
    .map((level) => generateRouterTensor(descriptor, layer, level))
    .sort((a, b) => compareNames(a.name, b.name));
}

/** All router tensors of the model, layer by layer, each layer in name order. */
export function generateRouterTensors(descriptor: RouterDescriptor): RouterTensor[] {
  const all: RouterTensor[] = [];
  for (let layer = 0; layer < descriptor.layers; layer += 1) all.push(...generateLayerTensors(descriptor, layer));
  return all;
}

/** Name → data view of generated tensors, the form routeToken consumes. */
export function routerTensorMap(tensors: readonly RouterTensor[]): RouterTensors {
  return new Map(tensors.map((t) => [t.name, t.data]));
}

/** Fixture input vector v: element j = dyadic(output j of stream litellm/v1/input/<S>/<v>). */
export function inputVector(seed: string | bigint, vector: number, dModel: number): number[] {
  if (!Number.isInteger(vector) || vector < 0) throw new OracleError('E_INTERNAL', `input index must be a non-negative integer: ${vector}`);
  const key = streamKey(inputLabel(seed, vector));
  const x: number[] = [];
  for (let j = 0; j < dModel; j += 1) x.push(dyadic(streamOutput(key, j)));
  return x;
}

/** Fixture input vectors first..first+count-1, as a `hidden` matrix. */
export function inputMatrix(seed: string | bigint, first: number, count: number, dModel: number): number[][] {
  const rows: number[][] = [];
  for (let v = first; v < first + count; v += 1) rows.push(inputVector(seed, v, dModel));
  return rows;
}
