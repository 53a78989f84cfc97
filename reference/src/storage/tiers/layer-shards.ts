// The archive behind a tiered conformance model (SPEC-025): its own layer shards, fetched again from the manifest's
// HTTP store, or taken from the bytes a builtin model generates. Either way a shard's length and SHA-256 are checked
// against its manifest entry and its container strictly parsed before an expert is taken from it.

import { fetchBytes } from '../../model/fetch-bytes.ts';
import type { ModelLoader } from '../../model/loader.ts';
import type { Manifest } from '../../model/manifest-types.ts';
import { readF32Tensor, readSafetensors } from '../../model/safetensors.ts';
import { RuntimeError } from '../../errors.ts';
import { layerTensorNames } from '../../model/tensor-layout.ts';
import type { LayerExpertFetcher } from './expert-archive.ts';
import { CONFORMING_TIERS, type TierBehaviour } from './tier-faults.ts';

/** How long the unverified fetch of the tier.archive-unverified fault waits for a shard. */
const UNVERIFIED_FETCH_TIMEOUT_MS = 30_000;

function stackedExperts(bytes: Uint8Array, layer: number): { w1: Float32Array; w3: Float32Array; w2: Float32Array } {
  const file = readSafetensors(bytes);
  const names = layerTensorNames(layer);
  const pick = (name: string): Float32Array => {
    const entry = file.tensors.get(name);
    if (entry === undefined) throw new RuntimeError('E_MODEL_FORMAT', `shard of layer ${layer} lacks ${name}`);
    return readF32Tensor(file, entry);
  };
  return { w1: pick(names.w1), w3: pick(names.w3), w2: pick(names.w2) };
}

function shardIndexOf(manifest: Manifest, layer: number): number {
  const name = layerTensorNames(layer).w1;
  const index = manifest.shards.findIndex((shard) => shard.tensors.includes(name));
  if (index < 0) throw new RuntimeError('E_INTERNAL', `no shard holds ${name}`);
  return index;
}

/**
 * Fetches layer shards from the manifest's store (shard paths relative to the manifest URL, SPEC-000 §4.5), each
 * checked against its manifest entry's size and SHA-256 before any expert is taken from it (REQ-025-001).
 */
export function httpLayerFetcher(loader: ModelLoader, manifestUrl: URL, manifest: Manifest, behaviour: TierBehaviour = CONFORMING_TIERS): LayerExpertFetcher {
  return async (layer) => {
    const shard = manifest.shards[shardIndexOf(manifest, layer)]!;
    const url = new URL(shard.path, manifestUrl);
    const bytes = behaviour.archiveUnverified
      ? await fetchBytes(url, { what: `shard ${shard.path}`, timeoutMs: UNVERIFIED_FETCH_TIMEOUT_MS, maxBytes: shard.size, tooLarge: () => new RuntimeError('E_MODEL_INTEGRITY', 'shard too long') })
      : await loader.fetchShard(url, shard);
    return stackedExperts(bytes, layer);
  };
}

/** Layer shards of a model generated in-process (its bytes were verified when they were made). */
export function generatedLayerFetcher(manifest: Manifest, shards: readonly Uint8Array[]): LayerExpertFetcher {
  return (layer) => Promise.resolve().then(() => stackedExperts(shards[shardIndexOf(manifest, layer)]!, layer));
}
