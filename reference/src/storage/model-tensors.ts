// The one place a snapshot (SPEC-030) reads a loaded model's tensor values, by tensor name. Router tensors come from
// the per-layer router weights, everything else from the transformer of a formatVersion 2 model. Where a tensor
// lives may change (tiered experts, SPEC-021); callers only ever see name -> values.

import { RuntimeError } from '../errors.ts';
import type { LoadedModel } from '../model/model-store.ts';
import { parseRouterTensorName } from '../model/manifest-types.ts';
import { GLOBAL_TENSOR_NAMES, layerTensorNames } from '../model/tensor-layout.ts';
import type { TransformerLayerWeights } from '../model/transformer-weights.ts';
import type { SnapshotBehaviour } from './snapshot-behaviour.ts';
import { ShardArchive } from './tiers/expert-archive.ts';
import type { ExpertStore } from './tiers/expert-store.ts';

const LAYER_TENSOR = /^layers\.(0|[1-9][0-9]*)\./;

function missing(model: LoadedModel, name: string): RuntimeError {
  return new RuntimeError('E_INTERNAL', `model ${model.id} holds no resident tensor ${name}`);
}

/** The per-layer transformer tensor called `name`, or undefined when `name` is not one of them. */
function transformerLayerTensor(layer: TransformerLayerWeights, names: ReturnType<typeof layerTensorNames>, name: string): Float32Array | undefined {
  const direct: [string, Float32Array][] = [
    [names.attnNorm, layer.attnNorm], [names.wq, layer.wq], [names.wk, layer.wk], [names.wv, layer.wv], [names.wo, layer.wo],
    [names.ffnNorm, layer.ffnNorm], [names.w1, layer.w1], [names.w3, layer.w3], [names.w2, layer.w2],
  ];
  if (layer.shared !== null) direct.push([names.sharedW1, layer.shared.w1], [names.sharedW3, layer.shared.w3], [names.sharedW2, layer.shared.w2]);
  return direct.find(([candidate]) => candidate === name)?.[1];
}

/** A lookup of the model's tensor values by SPEC-004 tensor name; unknown or non-resident names are E_INTERNAL. */
export function modelTensors(model: LoadedModel): (name: string) => Float32Array {
  const { transformer } = model;
  return (name: string): Float32Array => {
    const router = parseRouterTensorName(name);
    if (router !== null) {
      const values = model.layers[router.layer]?.[router.level];
      if (values === undefined) throw missing(model, name);
      return values;
    }
    if (transformer === null) throw missing(model, name);
    if (name === GLOBAL_TENSOR_NAMES.tokEmbeddings) return transformer.tokEmbeddings;
    if (name === GLOBAL_TENSOR_NAMES.norm) return transformer.norm;
    if (name === GLOBAL_TENSOR_NAMES.output) return transformer.output;
    const match = LAYER_TENSOR.exec(name);
    const layer = match === null ? undefined : transformer.layers[Number(match[1])];
    const values = layer === undefined ? undefined : transformerLayerTensor(layer, layerTensorNames(Number(match![1])), name);
    if (values === undefined) throw missing(model, name);
    return values;
  };
}

/**
 * The model as a snapshot reads it: itself when every expert is resident, else a copy whose layers hold the stacked
 * expert tensors read back from the model's archive (verified there; the tiers only ever hold copies of these), so
 * a snapshot never depends on what the tiers happen to hold. A procedural model has nothing stored to snapshot.
 */
export async function snapshotView(model: LoadedModel, behaviour: Pick<SnapshotBehaviour, 'tieredColdExpertsZero' | 'proceduralInternal'>): Promise<LoadedModel> {
  const store = model.tiers;
  if (store === null || model.transformer === null) return model;
  const { archive } = store;
  if (!(archive instanceof ShardArchive)) {
    const code = behaviour.proceduralInternal ? 'E_INTERNAL' : 'E_SNAPSHOT_UNSUPPORTED';
    throw new RuntimeError(code, `model ${model.id} is procedural: its experts are generated from its seed, not stored`);
  }
  const layers = await Promise.all(model.transformer.layers.map(async (layer, index) => {
    const stacked = await archive.layerExperts(index);
    return { ...layer, ...(behaviour.tieredColdExpertsZero ? hotOnly(stacked, store, index) : stacked) };
  }));
  return { ...model, transformer: { ...model.transformer, layers } };
}

/** The stacked tensors with every expert that is not hot zeroed (only the snapshot.tiered-from-hot-only fault). */
function hotOnly(stacked: { w1: Float32Array; w3: Float32Array; w2: Float32Array }, store: ExpertStore, layer: number) {
  const n = store.shape.d * store.shape.dFF;
  const copy = { w1: stacked.w1.slice(), w3: stacked.w3.slice(), w2: stacked.w2.slice() };
  for (let expert = 0; expert < store.expertsPerLayer; expert++) {
    if (store.residency({ layer, expert }) === 'hot') continue;
    for (const tensor of [copy.w1, copy.w3, copy.w2]) tensor.fill(0, expert * n, (expert + 1) * n);
  }
  return copy;
}
