// Test fixtures written by hand for the reference's own tests: safetensors shards, manifests, and a loopback HTTP
// server that serves them. Weights follow a simple dyadic pattern, not the SPEC-010 generator: these tests check
// the runtime's plumbing, and the suite checks its numbers against the oracle.

import type { Descriptor, ShardEntry } from '../model/manifest-types.ts';
import { sha256Hex } from '../numeric/sha256-hex.ts';

export interface TestTensor {
  name: string;
  shape: number[];
  values: ArrayLike<number>;
}

/** Safetensors bytes: tensors in name order, header padded with spaces to a multiple of 8. */
export function encodeSafetensors(tensors: readonly TestTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : 1));
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const tensor of sorted) {
    header[tensor.name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + tensor.values.length * 4] };
    offset += tensor.values.length * 4;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (Buffer.byteLength(text) % 8)) % 8);
  const headerBytes = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let at = 8 + headerBytes.length;
  for (const tensor of sorted) {
    for (let i = 0; i < tensor.values.length; i++, at += 4) out.writeFloatLE(tensor.values[i] ?? 0, at);
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

export interface TestModelShape {
  name: string;
  seed?: string;
  dModel: number;
  layers: number;
  tiers: number;
  groupsPerTier: number;
  expertsPerGroup: number;
  topK: [number, number, number];
  /** Weight of (layer, level, row, column); defaults to a dyadic pattern. */
  weight?: (layer: number, level: 'tier' | 'group' | 'expert', row: number, column: number) => number;
}

export interface TestModel {
  descriptor: Descriptor;
  shards: { path: string; bytes: Uint8Array; tensors: string[] }[];
}

const defaultWeight = (layer: number, level: string, row: number, column: number): number =>
  (((layer * 7 + row * 5 + column * 3 + level.length) % 16) - 8) / 8;

export function buildTestModel(shape: TestModelShape): TestModel {
  const descriptor: Descriptor = {
    family: 'litellm-conformance', formatVersion: 1, name: shape.name, seed: shape.seed ?? '1234',
    dModel: shape.dModel, layers: shape.layers,
    hierarchy: { tiers: shape.tiers, groupsPerTier: shape.groupsPerTier, expertsPerGroup: shape.expertsPerGroup },
    topK: { tier: shape.topK[0], group: shape.topK[1], expert: shape.topK[2] },
  };
  const weight = shape.weight ?? defaultWeight;
  const rowsOf = { tier: shape.tiers, group: shape.tiers * shape.groupsPerTier, expert: shape.tiers * shape.groupsPerTier * shape.expertsPerGroup };
  const shards = [];
  for (let layer = 0; layer < shape.layers; layer++) {
    const tensors = (['expert', 'group', 'tier'] as const).map((level) => {
      const rows = rowsOf[level];
      const values = Float32Array.from({ length: rows * shape.dModel }, (_, i) => weight(layer, level, Math.floor(i / shape.dModel), i % shape.dModel));
      return { name: `layers.${layer}.router.${level}.weight`, shape: [rows, shape.dModel], values };
    });
    shards.push({ path: `layer-${layer}.safetensors`, bytes: encodeSafetensors(tensors, { layer: String(layer) }), tensors: tensors.map((t) => t.name) });
  }
  return { descriptor, shards };
}

export { sha256Hex };

/** Manifest JSON text; `entries` may override what each shard entry declares (to fake corrupt fixtures). */
export function manifestText(model: TestModel, entries: Partial<ShardEntry>[] = []): string {
  const shards = model.shards.map((shard, i) => ({
    path: shard.path, size: shard.bytes.length, sha256: sha256Hex(shard.bytes), tensors: shard.tensors, ...entries[i],
  }));
  return JSON.stringify({ formatVersion: 1, family: 'litellm-conformance', descriptor: model.descriptor, shards });
}
