// The tensor set a descriptor implies (SPEC-004; formatVersion 2 in contract-core §1): every tensor's name, shape,
// and how its weights are generated. The manifest parser checks shard coverage against it, the loader checks each
// tensor's shape against it, the weight generator fills it, and parameter and memory accounting sum it.

import { isTransformerDescriptor, ROUTING_LEVELS, routerRows, routerTensorName, type Descriptor, type DescriptorV2 } from './manifest-types.ts';

/** How a tensor's elements are generated: norms are all 1.0, every other tensor comes from its weight stream. */
export type TensorKind = 'norm' | 'weight';

export interface TensorSpec {
  name: string;
  shape: number[];
  kind: TensorKind;
}

export const GLOBALS_SHARD = 'globals.safetensors';

export function layerShardPath(layer: number): string {
  return `layer-${layer}.safetensors`;
}

/** Names of the per-layer transformer tensors (formatVersion 2). */
export const layerTensorNames = (layer: number) => {
  const at = (suffix: string): string => `layers.${layer}.${suffix}.weight`;
  return {
    attnNorm: at('attn_norm'),
    wq: at('attn.wq'),
    wk: at('attn.wk'),
    wv: at('attn.wv'),
    wo: at('attn.wo'),
    ffnNorm: at('ffn_norm'),
    w1: at('experts.w1'),
    w3: at('experts.w3'),
    w2: at('experts.w2'),
    sharedW1: at('shared.w1'),
    sharedW3: at('shared.w3'),
    sharedW2: at('shared.w2'),
  };
};

export const GLOBAL_TENSOR_NAMES = { tokEmbeddings: 'tok_embeddings.weight', norm: 'norm.weight', output: 'output.weight' } as const;

function routerSpecs(descriptor: Descriptor, layer: number): TensorSpec[] {
  return ROUTING_LEVELS.map((level) => ({
    name: routerTensorName(layer, level), shape: [routerRows(descriptor.hierarchy, level), descriptor.dModel], kind: 'weight' as const,
  }));
}

function globalSpecs(descriptor: DescriptorV2): TensorSpec[] {
  const { vocab, dModel: d } = descriptor;
  return [
    { name: GLOBAL_TENSOR_NAMES.tokEmbeddings, shape: [vocab, d], kind: 'weight' },
    { name: GLOBAL_TENSOR_NAMES.norm, shape: [d], kind: 'norm' },
    { name: GLOBAL_TENSOR_NAMES.output, shape: [vocab, d], kind: 'weight' },
  ];
}

function transformerLayerSpecs(descriptor: DescriptorV2, layer: number): TensorSpec[] {
  const { dModel: d, dFF } = descriptor;
  const experts = routerRows(descriptor.hierarchy, 'expert');
  const names = layerTensorNames(layer);
  const specs: TensorSpec[] = [
    { name: names.attnNorm, shape: [d], kind: 'norm' },
    { name: names.wq, shape: [d, d], kind: 'weight' },
    { name: names.wk, shape: [d, d], kind: 'weight' },
    { name: names.wv, shape: [d, d], kind: 'weight' },
    { name: names.wo, shape: [d, d], kind: 'weight' },
    { name: names.ffnNorm, shape: [d], kind: 'norm' },
    ...routerSpecs(descriptor, layer),
    { name: names.w1, shape: [experts, dFF, d], kind: 'weight' },
    { name: names.w3, shape: [experts, dFF, d], kind: 'weight' },
    { name: names.w2, shape: [experts, d, dFF], kind: 'weight' },
  ];
  if (descriptor.sharedExpert) {
    specs.push(
      { name: names.sharedW1, shape: [dFF, d], kind: 'weight' },
      { name: names.sharedW3, shape: [dFF, d], kind: 'weight' },
      { name: names.sharedW2, shape: [d, dFF], kind: 'weight' },
    );
  }
  return specs;
}

/** The tensors of one shard of the canonical layout: `layer` null is the globals shard (formatVersion 2 only). */
export function shardTensorSpecs(descriptor: Descriptor, layer: number | null): TensorSpec[] {
  if (!isTransformerDescriptor(descriptor)) return layer === null ? [] : routerSpecs(descriptor, layer);
  return layer === null ? globalSpecs(descriptor) : transformerLayerSpecs(descriptor, layer);
}

/** Every tensor the descriptor implies, keyed by name, in canonical shard order (globals first, then layers). */
export function expectedTensors(descriptor: Descriptor): Map<string, TensorSpec> {
  const specs = new Map<string, TensorSpec>();
  const add = (list: TensorSpec[]): void => list.forEach((spec) => specs.set(spec.name, spec));
  add(shardTensorSpecs(descriptor, null));
  for (let layer = 0; layer < descriptor.layers; layer++) add(shardTensorSpecs(descriptor, layer));
  return specs;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/**
 * Number of parameters a loaded model holds resident: the router tensors for formatVersion 1 (SPEC-004), every
 * tensor for formatVersion 2. Computed from the shapes, so it needs no tensor list for large models.
 */
export function parameterCount(descriptor: Descriptor): number {
  const { layers, dModel: d } = descriptor;
  const routerPerLayer = ROUTING_LEVELS.reduce((sum, level) => sum + routerRows(descriptor.hierarchy, level), 0) * d;
  if (!isTransformerDescriptor(descriptor)) return layers * routerPerLayer;
  const { vocab, dFF, sharedExpert } = descriptor;
  const experts = routerRows(descriptor.hierarchy, 'expert');
  const ffn = 3 * d * dFF;
  const perLayer = 2 * d + 4 * d * d + routerPerLayer + experts * ffn + (sharedExpert ? ffn : 0);
  return vocab * d + layers * perLayer + d + vocab * d;
}

/** Resident bytes of a model: 4 bytes (F32) per parameter (SPEC-006). */
export function residentBytes(descriptor: Descriptor): number {
  return 4 * parameterCount(descriptor);
}
