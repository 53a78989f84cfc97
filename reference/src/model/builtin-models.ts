// Models the runtime carries without any archive: generated in-process from a descriptor and the SPEC-010 weight
// streams, written as the same manifest and safetensors shards an archive would serve, so that loading one goes
// through the same parser, limits and decoder as a fetched model.

import { RuntimeError } from '../errors.ts';
import { canonicalJson } from './canonical-json.ts';
import { routerTensorName, ROUTING_LEVELS, type Descriptor, type DescriptorV2, type Manifest, type ShardEntry } from './manifest-types.ts';
import { encodeSafetensors } from './safetensors-writer.ts';
import { GLOBALS_SHARD, layerShardPath, shardTensorSpecs } from './tensor-layout.ts';
import { assembleTransformer, type ModelWeights } from './transformer-weights.ts';
import { generateTensors } from './weight-generator.ts';
import { sha256Hex } from '../numeric/sha256-hex.ts';

/** The builtin `default` model (SPEC-001 §4.5): a small formatVersion 2 transformer from seed 0. */
export const DEFAULT_MODEL_DESCRIPTOR: Readonly<DescriptorV2> = Object.freeze({
  family: 'litellm-conformance',
  formatVersion: 2,
  name: 'default',
  seed: '0',
  dModel: 32,
  layers: 2,
  hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 4 },
  topK: { tier: 1, group: 2, expert: 2 },
  vocab: 256,
  heads: 4,
  dFF: 64,
  sharedExpert: true,
  ropeBase: 10000,
  maxSeq: 64,
});

export interface ModelFiles {
  /** The manifest as an archive would serve it. */
  manifestBytes: Uint8Array;
  manifest: Manifest;
  /** Shard bytes, one per manifest shard entry, in manifest order. */
  shards: Uint8Array[];
}

/** The canonical shard list: globals first (formatVersion 2), then one shard per layer. */
function shardLayout(descriptor: Descriptor): { path: string; layer: number | null }[] {
  const layers = Array.from({ length: descriptor.layers }, (_, layer) => ({ path: layerShardPath(layer), layer }));
  return descriptor.formatVersion === 2 ? [{ path: GLOBALS_SHARD, layer: null }, ...layers] : layers;
}

/** Generates a model's shards and manifest from its descriptor. */
export function buildModelFiles(descriptor: Descriptor): ModelFiles {
  const shards: Uint8Array[] = [];
  const entries: ShardEntry[] = [];
  for (const { path, layer } of shardLayout(descriptor)) {
    const specs = shardTensorSpecs(descriptor, layer);
    const tensors = generateTensors(descriptor, specs);
    const bytes = encodeSafetensors(specs.map((spec) => ({ name: spec.name, shape: spec.shape, values: tensors.get(spec.name)! })));
    shards.push(bytes);
    entries.push({ path, size: bytes.length, sha256: sha256Hex(bytes), tensors: specs.map((spec) => spec.name).sort() });
  }
  // The manifest format stays at version 1 for both descriptor versions (schemas/model/manifest.schema.json).
  const manifest: Manifest = { formatVersion: 1, family: 'litellm-conformance', descriptor, shards: entries };
  return { manifestBytes: Buffer.from(JSON.stringify(manifest), 'utf8'), manifest, shards };
}

/** Weights generated straight into memory, without shards (benchmarks, tests of the forward pass). */
export function generateModelWeights(descriptor: DescriptorV2): ModelWeights {
  const tensors = new Map<string, Float32Array>();
  for (const { layer } of shardLayout(descriptor)) {
    for (const [name, values] of generateTensors(descriptor, shardTensorSpecs(descriptor, layer))) tensors.set(name, values);
  }
  const layers = Array.from({ length: descriptor.layers }, (_, layer) => {
    const [tier, group, expert] = ROUTING_LEVELS.map((level) => tensors.get(routerTensorName(layer, level))!);
    return { tier: tier!, group: group!, expert: expert! };
  });
  return { layers, transformer: assembleTransformer(descriptor, tensors, layers) };
}

export interface BuiltinModel extends ModelFiles {
  /** SPEC-001 §4.5: SHA-256 of the UTF-8 canonical JSON of the descriptor, reported as the manifest digest. */
  digest: string;
}

/** Deviations from SPEC-001 §4.5 that only fault switches ask for. */
export interface BuiltinVariant {
  /** Digest over JSON.stringify(descriptor, null, 2) instead of canonical JSON. */
  prettyDigest: boolean;
  /** Weights from seed 1 while the descriptor still says "0". */
  seedOne: boolean;
}

const builtins = new Map<string, BuiltinModel>();

function generateBuiltin(variant: BuiltinVariant): BuiltinModel {
  const descriptor = DEFAULT_MODEL_DESCRIPTOR;
  const text = variant.prettyDigest ? JSON.stringify(descriptor, null, 2) : canonicalJson(descriptor);
  const digest = sha256Hex(text);
  if (!variant.seedOne) return { ...buildModelFiles(descriptor), digest };
  const files = buildModelFiles({ ...descriptor, seed: '1' });
  const manifest: Manifest = { ...files.manifest, descriptor };
  return { manifestBytes: Buffer.from(JSON.stringify(manifest), 'utf8'), manifest, shards: files.shards, digest };
}

/** A builtin model's files and digest, generated on first use (they are a pure function of the descriptor). */
export function builtinModel(name: string, variant: BuiltinVariant = { prettyDigest: false, seedOne: false }): BuiltinModel {
  if (name !== 'default') throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', `no builtin model named ${name}`);
  const key = `${name}/${variant.prettyDigest}/${variant.seedOne}`;
  let model = builtins.get(key);
  if (model === undefined) {
    model = generateBuiltin(variant);
    builtins.set(key, model);
  }
  return model;
}
