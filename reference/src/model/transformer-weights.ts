// The decoded weights of a formatVersion 2 model, as the forward pass reads them. Matrices stay flat, row-major
// [out, in] Float32Arrays exactly as stored; the stacked expert tensors [N, out, in] are indexed by global expert id.

import { RuntimeError } from '../errors.ts';
import type { LayerWeights } from './loader.ts';
import type { DescriptorV2 } from './manifest-types.ts';
import type { ExpertStore } from '../storage/tiers/expert-store.ts';
import { ResidentExperts, type LayerExperts } from '../storage/tiers/layer-experts.ts';
import { GLOBAL_TENSOR_NAMES, layerTensorNames } from './tensor-layout.ts';

export interface SharedExpertWeights {
  w1: Float32Array;
  w3: Float32Array;
  w2: Float32Array;
}

export interface TransformerLayerWeights {
  attnNorm: Float32Array;
  wq: Float32Array;
  wk: Float32Array;
  wv: Float32Array;
  wo: Float32Array;
  ffnNorm: Float32Array;
  /** The same router tensors /v1/route reads for this layer. */
  router: LayerWeights;
  /** [N, dFF, d], [N, dFF, d], [N, d, dFF] with N = T*G*E; empty for a tiered model, whose experts live in its store. */
  w1: Float32Array;
  w3: Float32Array;
  w2: Float32Array;
  /** Where the expert FFN finds the routed experts: these stacked tensors, or the model's tier store. */
  experts: LayerExperts;
  shared: SharedExpertWeights | null;
}

export interface TransformerWeights {
  tokEmbeddings: Float32Array;
  norm: Float32Array;
  output: Float32Array;
  layers: TransformerLayerWeights[];
}

/** Everything a loaded model holds: router weights per layer, plus the transformer for formatVersion 2. */
export interface ModelWeights {
  layers: LayerWeights[];
  transformer: TransformerWeights | null;
  /** The tier store of a tiered model (SPEC-021); absent when every expert is resident in the stacked tensors. */
  tiers?: ExpertStore;
}

/** Assembles the transformer from decoded tensors; `routers` are the per-layer router weights already picked. */
export function assembleTransformer(descriptor: DescriptorV2, tensors: ReadonlyMap<string, Float32Array>, routers: readonly LayerWeights[]): TransformerWeights {
  const pick = (name: string): Float32Array => {
    const values = tensors.get(name);
    // Coverage and shapes were checked before decoding; a gap here is a bug, not bad input.
    if (values === undefined) throw new RuntimeError('E_INTERNAL', `tensor ${name} missing after decoding`);
    return values;
  };
  const layers = routers.map((router, layer): TransformerLayerWeights => {
    const names = layerTensorNames(layer);
    return {
      attnNorm: pick(names.attnNorm),
      wq: pick(names.wq),
      wk: pick(names.wk),
      wv: pick(names.wv),
      wo: pick(names.wo),
      ffnNorm: pick(names.ffnNorm),
      router,
      w1: pick(names.w1),
      w3: pick(names.w3),
      w2: pick(names.w2),
      experts: new ResidentExperts(pick(names.w1), pick(names.w3), pick(names.w2)),
      shared: descriptor.sharedExpert ? { w1: pick(names.sharedW1), w3: pick(names.sharedW3), w2: pick(names.sharedW2) } : null,
    };
  });
  return {
    tokEmbeddings: pick(GLOBAL_TENSOR_NAMES.tokEmbeddings),
    norm: pick(GLOBAL_TENSOR_NAMES.norm),
    output: pick(GLOBAL_TENSOR_NAMES.output),
    layers,
  };
}
