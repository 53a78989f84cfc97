// Fetches and verifies a conformance model: manifest first, then every shard, each checked for size and SHA-256
// before its bytes are parsed, then parsed strictly and checked against the descriptor. The result is only
// handed to the model store once every shard has passed (REQ all-or-nothing load, contract §4).

import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { RuntimeLimits } from '../limits.ts';
import { fetchBytes } from './fetch-bytes.ts';
import { checkDescriptor, type ManifestParser } from './manifest.ts';
import { isTransformerDescriptor, ROUTING_LEVELS, routerTensorName, type Hierarchy, type Manifest, type ShardEntry } from './manifest-types.ts';
import { readF32Tensor, readSafetensors, shardFormatRules, type SafetensorsFile, type ShardFormatRules } from './safetensors.ts';
import { readSafetensorsUnchecked } from './safetensors-unchecked.ts';
import { elementCount, expectedTensors, type TensorSpec } from './tensor-layout.ts';
import { assembleTransformer, type ModelWeights } from './transformer-weights.ts';
import { sha256Hex } from '../numeric/sha256-hex.ts';

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
  /** The manifest bytes as served or generated, kept so that a snapshot stores them (SPEC-030); absent when none exist. */
  bytes?: Uint8Array;
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


function integrity(message: string): RuntimeError {
  return new RuntimeError('E_MODEL_INTEGRITY', message);
}

/** Where a load deviates from SPEC-000 §4.5 and SPEC-004 under fault switches; all true/conforming without faults. */
interface LoaderBehaviour {
  checkHash: boolean;
  shardsRelativeToManifest: boolean;
  checkContainer: boolean;
  /** When the SPEC-004 §4.1 descriptor invariants are checked. */
  descriptorCheck: 'before-fetch' | 'after-fetch' | 'never';
  checkTensorShapes: boolean;
  /** formatVersion 2 tensors compared by element count only. */
  v2ShapeByCount: boolean;
  transposeGroupRows: boolean;
  digestServedBytes: boolean;
  /** The SPEC-028 container rules the strict reader enforces (its `shard.*` switches are read there). */
  shardRules: ShardFormatRules;
}

function loaderBehaviour(faults: FaultSet): LoaderBehaviour {
  // FAULT model.no-descriptor-check: the descriptor invariants are never checked, only the manifest schema.
  const skipDescriptor = faults.has('model.no-descriptor-check');
  // FAULT model.fetch-before-validate: the descriptor invariants are checked after every shard was fetched.
  const late = faults.has('model.fetch-before-validate');
  return {
    // FAULT model.skip-hash: accepts shards whose SHA-256 differs from the manifest.
    checkHash: !faults.has('model.skip-hash'),
    // FAULT model.absolute-shard-paths: shard paths resolved against the server root, not the manifest URL.
    shardsRelativeToManifest: !faults.has('model.absolute-shard-paths'),
    // FAULT model.skip-format-check: shards read without the safetensors structure checks.
    checkContainer: !faults.has('model.skip-format-check'),
    descriptorCheck: skipDescriptor ? 'never' : late ? 'after-fetch' : 'before-fetch',
    // FAULT model.no-tensor-check: tensor shapes are not compared with the descriptor.
    checkTensorShapes: !faults.has('model.no-tensor-check'),
    // FAULT model.v2-shape-by-count: formatVersion 2 tensors pass with any shape of the right element count.
    v2ShapeByCount: faults.has('model.v2-shape-by-count'),
    // FAULT model.group-rows-transposed: group g of tier t gets group tensor row g*T+t instead of t*G+g.
    transposeGroupRows: faults.has('model.group-rows-transposed'),
    // FAULT model.digest-reparsed: manifestDigest hashes JSON.stringify of the parsed manifest.
    digestServedBytes: !faults.has('model.digest-reparsed'),
    shardRules: shardFormatRules(faults),
  };
}

/** Row (t*G+g) of the result is row (g*T+t) of `values`: the group tensor read as if it were stored tier-minor. */
function transposedGroupRows(values: Float32Array, hierarchy: Hierarchy, d: number): Float32Array {
  const { tiers: T, groupsPerTier: G } = hierarchy;
  const out = new Float32Array(values.length);
  for (let t = 0; t < T; t++) {
    for (let g = 0; g < G; g++) out.set(values.subarray((g * T + t) * d, (g * T + t + 1) * d), (t * G + g) * d);
  }
  return out;
}

export class ModelLoader {
  private readonly options: ModelLoaderOptions;
  private readonly behaviour: LoaderBehaviour;

  /** Deadline of each manifest or shard download (archive reads use it too). */
  get fetchTimeoutMs(): number {
    return this.options.fetchTimeoutMs;
  }

  constructor(options: ModelLoaderOptions) {
    this.options = options;
    this.behaviour = loaderBehaviour(options.faults);
  }

  async fetchManifest(manifestUrl: URL): Promise<FetchedManifest> {
    const { maxManifestBytes } = this.options.limits;
    const bytes = await fetchBytes(manifestUrl, {
      what: 'manifest',
      timeoutMs: this.options.fetchTimeoutMs,
      maxBytes: maxManifestBytes,
      tooLarge: () => new RuntimeError('E_MODEL_LIMIT', `manifest exceeds maxManifestBytes ${maxManifestBytes}`),
    });
    return this.readManifest(bytes);
  }

  /** Parses and checks manifest bytes as served (or as generated for a builtin model) and digests them. */
  readManifest(bytes: Uint8Array): FetchedManifest {
    const manifest = this.options.parser.parse(bytes, this.behaviour.descriptorCheck === 'before-fetch');
    return { manifest, digest: sha256Hex(this.behaviour.digestServedBytes ? bytes : JSON.stringify(manifest)), bytes };
  }

  /**
   * Fetches, verifies and decodes every shard, in the order of SPEC-004 §4.5: every shard's length and SHA-256
   * first, then every container, then the tensor set. `progress` counts shards that passed integrity.
   */
  async loadWeights(manifestUrl: URL, manifest: Manifest, progress: LoadProgress): Promise<ModelWeights> {
    const base = this.behaviour.shardsRelativeToManifest ? manifestUrl : new URL('/', manifestUrl);
    const verified: Uint8Array[] = [];
    for (const shard of manifest.shards) {
      verified.push(await this.fetchShard(new URL(shard.path, base), shard));
      progress.shardsVerified++;
    }
    return this.decodeVerified(manifest, verified);
  }

  /** Decodes shards whose bytes already passed integrity (fetched, or generated in-process), one per manifest entry. */
  decodeVerified(manifest: Manifest, verified: readonly Uint8Array[]): ModelWeights {
    const { behaviour } = this;
    const { descriptor } = manifest;
    if (behaviour.descriptorCheck === 'after-fetch') checkDescriptor(descriptor);
    // SPEC-028: the strict reader also checks each shard holds exactly the tensors its manifest entry lists.
    const containers = verified.map((bytes, i) =>
      behaviour.checkContainer ? readSafetensors(bytes, { tensors: manifest.shards[i]?.tensors, rules: behaviour.shardRules }) : readSafetensorsUnchecked(bytes),
    );
    const expected = expectedTensors(descriptor);
    const tensors = new Map<string, Float32Array>();
    const byCount = behaviour.v2ShapeByCount && isTransformerDescriptor(descriptor);
    manifest.shards.forEach((shard, i) => this.decodeShard(containers[i]!, shard, expected, tensors, byCount));
    const layers: LayerWeights[] = [];
    for (let layer = 0; layer < descriptor.layers; layer++) {
      const pick = (level: (typeof ROUTING_LEVELS)[number]): Float32Array => {
        const values = tensors.get(routerTensorName(layer, level));
        // Coverage was checked when the manifest was parsed; a gap here is a bug, not bad input.
        if (values === undefined) throw new RuntimeError('E_INTERNAL', `tensor for layer ${layer} ${level} missing`);
        return values;
      };
      const group = behaviour.transposeGroupRows ? transposedGroupRows(pick('group'), descriptor.hierarchy, descriptor.dModel) : pick('group');
      layers.push({ tier: pick('tier'), group, expert: pick('expert') });
    }
    const transformer = isTransformerDescriptor(descriptor) ? assembleTransformer(descriptor, tensors, layers) : null;
    return { layers, transformer };
  }

  /** Fetches one shard and checks its length and SHA-256 against the manifest entry (E_MODEL_INTEGRITY). */
  async fetchShard(url: URL, shard: ShardEntry): Promise<Uint8Array> {
    const bytes = await fetchBytes(url, {
      what: `shard ${shard.path}`,
      timeoutMs: this.options.fetchTimeoutMs,
      maxBytes: shard.size,
      tooLarge: (observed) => integrity(`shard ${shard.path} is longer than its declared ${shard.size} bytes (${observed}+)`),
    });
    if (bytes.length !== shard.size) {
      throw integrity(`shard ${shard.path} has ${bytes.length} bytes, manifest declares ${shard.size}`);
    }
    if (this.behaviour.checkHash && sha256Hex(bytes) !== shard.sha256) {
      throw integrity(`shard ${shard.path} SHA-256 does not match the manifest`);
    }
    return bytes;
  }

  private decodeShard(file: SafetensorsFile, shard: ShardEntry, expected: ReadonlyMap<string, TensorSpec>, into: Map<string, Float32Array>, byCount: boolean): void {
    for (const name of shard.tensors) {
      const entry = file.tensors.get(name);
      if (entry === undefined) throw new RuntimeError('E_MODEL_FORMAT', `shard ${shard.path} lacks tensor ${name}`);
      const want = expected.get(name)?.shape ?? [];
      const shapeMatches = byCount
        ? elementCount(entry.shape) === elementCount(want)
        : entry.shape.length === want.length && entry.shape.every((dim, i) => dim === want[i]);
      if (!shapeMatches && this.behaviour.checkTensorShapes) {
        throw new RuntimeError('E_MODEL_FORMAT', `tensor ${name} has shape [${entry.shape.join(',')}], expected [${want.join(',')}]`);
      }
      // Values are finite: the strict reader refused the shard otherwise (REQ-028-017).
      into.set(name, readF32Tensor(file, entry));
    }
  }
}
