// The archive tier (SPEC-021 §4.1, SPEC-025): where every expert of a tiered model can always be had again.
// Two kinds: the conformance model's own verified shards (fetched again from the manifest's HTTP store, checked
// against the manifest's size and SHA-256 before any byte is used), and a procedural archive that generates an
// expert from the model's seed and the SPEC-010 weight streams, so a model far larger than any disk can be served.
// A procedural archive's weights are exactly those the stacked tensors of the same descriptor would hold.

import { RuntimeError, isRuntimeError } from '../../errors.ts';
import type { DescriptorV2 } from '../../model/manifest-types.ts';
import { layerTensorNames } from '../../model/tensor-layout.ts';
import { fillWeightStream, weightScale } from '../../model/weight-generator.ts';
import { sliceStacked, type ExpertRef, type ExpertShape } from './expert-payload.ts';

export type ArchiveKind = 'http' | 'procedural';

export interface ExpertArchive {
  readonly kind: ArchiveKind;
  /** The expert's payload [W1 | W2 | W3]; E_STORAGE_UNAVAILABLE when the archive cannot deliver it. */
  fetch(ref: ExpertRef): Promise<Float32Array>;
}

/** Generates experts from the descriptor's seed: element j of W1 of expert e is output e·dFF·d + j of its stream. */
export class ProceduralArchive implements ExpertArchive {
  readonly kind = 'procedural';
  private readonly descriptor: DescriptorV2;

  constructor(descriptor: DescriptorV2) {
    this.descriptor = descriptor;
  }

  fetch(ref: ExpertRef): Promise<Float32Array> {
    return Promise.resolve(this.generate(ref));
  }

  generate(ref: ExpertRef): Float32Array {
    const { seed, dModel: d, dFF } = this.descriptor;
    const names = layerTensorNames(ref.layer);
    const n = d * dFF;
    const out = new Float32Array(3 * n);
    const first = ref.expert * n;
    fillWeightStream(seed, names.w1, weightScale([dFF, d]), out.subarray(0, n), first);
    fillWeightStream(seed, names.w2, weightScale([d, dFF]), out.subarray(n, 2 * n), first);
    fillWeightStream(seed, names.w3, weightScale([dFF, d]), out.subarray(2 * n), first);
    return out;
  }
}

/** Fetches a layer's verified stacked expert tensors; supplied by the model loader, which owns shard integrity. */
export type LayerExpertFetcher = (layer: number) => Promise<{ w1: Float32Array; w3: Float32Array; w2: Float32Array }>;

/**
 * Re-reads experts from the model's HTTP store. The store's objects are whole layer shards, so one expert costs its
 * layer's shard; concurrent requests for the same layer share one download (SPEC-025 §4.2).
 */
export class ShardArchive implements ExpertArchive {
  readonly kind = 'http';
  private readonly fetchLayer: LayerExpertFetcher;
  private readonly shape: ExpertShape;
  private readonly inFlight = new Map<number, Promise<{ w1: Float32Array; w3: Float32Array; w2: Float32Array }>>();

  constructor(fetchLayer: LayerExpertFetcher, shape: ExpertShape) {
    this.fetchLayer = fetchLayer;
    this.shape = shape;
  }

  async fetch(ref: ExpertRef): Promise<Float32Array> {
    const stacked = await this.layerExperts(ref.layer);
    return sliceStacked(stacked.w1, stacked.w3, stacked.w2, ref.expert, this.shape);
  }

  /** Every expert of one layer as stacked tensors, verified (one download shared by concurrent callers). */
  async layerExperts(layer: number): Promise<{ w1: Float32Array; w3: Float32Array; w2: Float32Array }> {
    let pending = this.inFlight.get(layer);
    if (pending === undefined) {
      pending = this.fetchLayer(layer).finally(() => this.inFlight.delete(layer));
      this.inFlight.set(layer, pending);
    }
    try {
      return await pending;
    } catch (error) {
      const why = isRuntimeError(error) ? `${error.code}: ${error.message}` : (error as Error).message;
      throw new RuntimeError('E_STORAGE_UNAVAILABLE', `archive could not deliver layer ${layer}: ${why}`);
    }
  }
}
