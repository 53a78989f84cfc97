// Tensors of a formatVersion 2 model (contract-core §1): names, shapes, shard membership and generation. Matrices
// (every tensor of rank ≥ 2, in-dimension = last axis) hold dyadic(u) / 2^s; norm weights are exactly 1.0.
import { OracleError } from './errors.ts';
import { LEVELS } from './descriptor.ts';
import { dyadic, inputLabel, streamKey, streamOutput } from './prng.ts';
import { compareNames, generateRouterTensor, generateTensorData, matrixScaleShift, scaleInPlace } from './weights.ts';
import type { ForwardDescriptor } from './types.ts';

/** Which shard holds a tensor: `globals.safetensors` or `layer-<l>.safetensors`. */
export type ForwardShardId = 'globals' | number;

export interface ForwardTensorSpec {
  name: string;
  shape: number[];
  kind: 'norm' | 'matrix' | 'router';
  shard: ForwardShardId;
}

/** Every tensor of one layer in name order. */
export function forwardLayerSpecs(d: ForwardDescriptor, layer: number): ForwardTensorSpec[] {
  const { dModel: m, dFF: f } = d;
  const n = d.hierarchy.tiers * d.hierarchy.groupsPerTier * d.hierarchy.expertsPerGroup;
  const p = `layers.${layer}`;
  const matrix = (name: string, shape: number[]): ForwardTensorSpec => ({ name: `${p}.${name}`, shape, kind: 'matrix', shard: layer });
  const specs: ForwardTensorSpec[] = [
    { name: `${p}.attn_norm.weight`, shape: [m], kind: 'norm', shard: layer },
    { name: `${p}.ffn_norm.weight`, shape: [m], kind: 'norm', shard: layer },
    matrix('attn.wq.weight', [m, m]),
    matrix('attn.wk.weight', [m, m]),
    matrix('attn.wv.weight', [m, m]),
    matrix('attn.wo.weight', [m, m]),
    matrix('experts.w1.weight', [n, f, m]),
    matrix('experts.w3.weight', [n, f, m]),
    matrix('experts.w2.weight', [n, m, f]),
  ];
  const rows = { tier: d.hierarchy.tiers, group: d.hierarchy.tiers * d.hierarchy.groupsPerTier, expert: n };
  for (const level of LEVELS) specs.push({ name: `${p}.router.${level}.weight`, shape: [rows[level], m], kind: 'router', shard: layer });
  if (d.sharedExpert) {
    specs.push(matrix('shared.w1.weight', [f, m]), matrix('shared.w3.weight', [f, m]), matrix('shared.w2.weight', [m, f]));
  }
  return specs.sort((a, b) => compareNames(a.name, b.name));
}

/** tok_embeddings, norm and output, in name order. */
export function forwardGlobalSpecs(d: ForwardDescriptor): ForwardTensorSpec[] {
  const specs: ForwardTensorSpec[] = [
    { name: 'tok_embeddings.weight', shape: [d.vocab, d.dModel], kind: 'matrix', shard: 'globals' },
    { name: 'norm.weight', shape: [d.dModel], kind: 'norm', shard: 'globals' },
    { name: 'output.weight', shape: [d.vocab, d.dModel], kind: 'matrix', shard: 'globals' },
  ];
  return specs.sort((a, b) => compareNames(a.name, b.name));
}

/** All tensors in manifest shard order (globals first, then layer by layer), each shard in name order. */
export function forwardTensorSpecs(d: ForwardDescriptor): ForwardTensorSpec[] {
  const all = forwardGlobalSpecs(d);
  for (let layer = 0; layer < d.layers; layer += 1) all.push(...forwardLayerSpecs(d, layer));
  return all;
}

/** Shard file name of a shard id. */
export function forwardShardPath(shard: ForwardShardId): string {
  return shard === 'globals' ? 'globals.safetensors' : `layer-${shard}.safetensors`;
}

/** Shard ids in manifest order. */
export function forwardShardIds(d: ForwardDescriptor): ForwardShardId[] {
  return ['globals', ...Array.from({ length: d.layers }, (_, l) => l)];
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Generate one tensor: norms are 1.0; matrices are the scaled weight stream; routers also get their ties. */
export function generateForwardTensor(d: ForwardDescriptor, spec: ForwardTensorSpec): Float32Array {
  if (spec.kind === 'norm') return new Float32Array(elementCount(spec.shape)).fill(1);
  if (spec.kind === 'router') {
    const level = LEVELS.find((l) => spec.name.endsWith(`.router.${l}.weight`));
    if (level === undefined || typeof spec.shard !== 'number') throw new OracleError('E_INTERNAL', `not a router tensor: ${spec.name}`);
    return generateRouterTensor(d, spec.shard, level).data;
  }
  const data = generateTensorData(d.seed, spec.name, elementCount(spec.shape));
  scaleInPlace(data, matrixScaleShift(spec.shape[spec.shape.length - 1] ?? 1));
  return data;
}

/** Every tensor of the model by name: what the forward oracle computes with. */
export function generateForwardWeights(d: ForwardDescriptor): ReadonlyMap<string, Float32Array> {
  return new Map(forwardTensorSpecs(d).map((spec) => [spec.name, generateForwardTensor(d, spec)]));
}

/** Fixture token sequence v: token j = Number(u_j >> 56) mod vocab, u_j = output j of litellm/v1/input/<S>/<v>. */
export function inputTokens(seed: string | bigint, vector: number, length: number, vocab: number): number[] {
  if (!Number.isInteger(vector) || vector < 0) throw new OracleError('E_INTERNAL', `input index must be a non-negative integer: ${vector}`);
  const key = streamKey(inputLabel(seed, vector));
  return Array.from({ length }, (_, j) => Number(streamOutput(key, j) >> 56n) % vocab);
}

/** A byte-level token sequence: the UTF-8 bytes of `text`. */
export function byteTokens(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

/** The scaled dyadic values a matrix with in-dimension `inDim` may hold (for tests and checks). */
export function scaledDyadicValues(inDim: number): number[] {
  const divisor = 2 ** matrixScaleShift(inDim);
  return Array.from({ length: 16 }, (_, k) => dyadic(BigInt(k) << 60n) / divisor);
}
