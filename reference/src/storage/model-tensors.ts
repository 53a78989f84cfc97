// The one place a snapshot (SPEC-030) reads a loaded model's tensor values, by tensor name. Router tensors come from
// the per-layer router weights, everything else from the transformer of a formatVersion 2 model. Where a tensor
// lives may change (tiered experts, SPEC-021); callers only ever see name -> values.

import { RuntimeError } from '../errors.ts';
import type { LoadedModel } from '../model/model-store.ts';
import { parseRouterTensorName } from '../model/manifest-types.ts';
import { GLOBAL_TENSOR_NAMES, layerTensorNames } from '../model/tensor-layout.ts';
import type { TransformerLayerWeights } from '../model/transformer-weights.ts';

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
