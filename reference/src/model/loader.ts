// Fetches and verifies a conformance model: manifest first, then every shard, each checked for size and SHA-256
// before its bytes are parsed, then parsed strictly and checked against the descriptor. The result is only
// handed to the model store once every shard has passed (REQ all-or-nothing load, contract §4).

import { createHash } from 'node:crypto';
import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { RuntimeLimits } from '../limits.ts';
import { fetchBytes } from './fetch-bytes.ts';
import type { ManifestParser } from './manifest.ts';
import { parseRouterTensorName, ROUTING_LEVELS, routerRows, routerTensorName, type Manifest, type ShardEntry } from './manifest-types.ts';
import { readF32Tensor, readSafetensors, type SafetensorsFile } from './safetensors.ts';

/** Router weights of one layer, row-major [rows, dModel]. */
export interface LayerWeights {
  tier: Float32Array;
  group: Float32Array;
  expert: Float32Array;
}

export interface FetchedManifest {
  manifest: Manifest;
  /** SHA-256 hex of the manifest bytes as served. */
  digest: string;
}

export interface LoadProgress {
  shardsVerified: number;
}

export interface ModelLoaderOptions {
  parser: ManifestParser;
  limits: RuntimeLimits;
  faults: FaultSet;
  fetchTimeoutMs: number;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function integrity(message: string): RuntimeError {
  return new RuntimeError('E_MODEL_INTEGRITY', message);
}

export class ModelLoader {
  private readonly options: ModelLoaderOptions;

  constructor(options: ModelLoaderOptions) {
    this.options = options;
  }

  async fetchManifest(manifestUrl: URL): Promise<FetchedManifest> {
    const { maxManifestBytes } = this.options.limits;
    const bytes = await fetchBytes(manifestUrl, {
      what: 'manifest',
      timeoutMs: this.options.fetchTimeoutMs,
      maxBytes: maxManifestBytes,
      tooLarge: () => new RuntimeError('E_MODEL_LIMIT', `manifest exceeds maxManifestBytes ${maxManifestBytes}`),
    });
    return { manifest: this.options.parser.parse(bytes), digest: sha256Hex(bytes) };
  }

  /**
   * Fetches, verifies and decodes every shard, in the order of SPEC-004 §4.5: every shard's length and SHA-256
   * first, then every container, then the tensor set. `progress` counts shards that passed integrity.
   */
  async loadWeights(manifestUrl: URL, manifest: Manifest, progress: LoadProgress): Promise<LayerWeights[]> {
    const verified: Uint8Array[] = [];
    for (const shard of manifest.shards) {
      verified.push(await this.fetchShard(new URL(shard.path, manifestUrl), shard));
      progress.shardsVerified++;
    }
    const containers = verified.map((bytes) => readSafetensors(bytes));
    const tensors = new Map<string, Float32Array>();
    manifest.shards.forEach((shard, i) => this.decodeShard(containers[i]!, shard, manifest, tensors));
    const layers: LayerWeights[] = [];
    for (let layer = 0; layer < manifest.descriptor.layers; layer++) {
      const pick = (level: (typeof ROUTING_LEVELS)[number]): Float32Array => {
        const values = tensors.get(routerTensorName(layer, level));
        // Coverage was checked when the manifest was parsed; a gap here is a bug, not bad input.
        if (values === undefined) throw new RuntimeError('E_INTERNAL', `tensor for layer ${layer} ${level} missing`);
        return values;
      };
      layers.push({ tier: pick('tier'), group: pick('group'), expert: pick('expert') });
    }
    return layers;
  }

  private async fetchShard(url: URL, shard: ShardEntry): Promise<Uint8Array> {
    const bytes = await fetchBytes(url, {
      what: `shard ${shard.path}`,
      timeoutMs: this.options.fetchTimeoutMs,
      maxBytes: shard.size,
      tooLarge: (observed) => integrity(`shard ${shard.path} is longer than its declared ${shard.size} bytes (${observed}+)`),
    });
    if (bytes.length !== shard.size) {
      throw integrity(`shard ${shard.path} has ${bytes.length} bytes, manifest declares ${shard.size}`);
    }
    // FAULT model.skip-hash: accepts shards whose SHA-256 differs from the manifest.
    if (!this.options.faults.has('model.skip-hash') && sha256Hex(bytes) !== shard.sha256) {
      throw integrity(`shard ${shard.path} SHA-256 does not match the manifest`);
    }
    return bytes;
  }

  private decodeShard(file: SafetensorsFile, shard: ShardEntry, manifest: Manifest, into: Map<string, Float32Array>): void {
    const listed = new Set(shard.tensors);
    for (const name of file.tensors.keys()) {
      if (!listed.has(name)) throw new RuntimeError('E_MODEL_FORMAT', `shard ${shard.path} holds unlisted tensor ${name}`);
    }
    const { descriptor } = manifest;
    for (const name of shard.tensors) {
      const entry = file.tensors.get(name);
      if (entry === undefined) throw new RuntimeError('E_MODEL_FORMAT', `shard ${shard.path} lacks tensor ${name}`);
      const parsed = parseRouterTensorName(name);
      const rows = parsed === null ? -1 : routerRows(descriptor.hierarchy, parsed.level);
      if (entry.shape.length !== 2 || entry.shape[0] !== rows || entry.shape[1] !== descriptor.dModel) {
        throw new RuntimeError('E_MODEL_FORMAT', `tensor ${name} has shape [${entry.shape.join(',')}], expected [${rows},${descriptor.dModel}]`);
      }
      const values = readF32Tensor(file, entry);
      if (!values.every(Number.isFinite)) throw new RuntimeError('E_MODEL_FORMAT', `tensor ${name} holds a non-finite value`);
      into.set(name, values);
    }
  }
}
