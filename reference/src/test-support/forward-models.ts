// Small formatVersion 2 models for the forward-pass tests, generated from the SPEC-010 weight streams in memory.

import { DEFAULT_MODEL_DESCRIPTOR, generateModelWeights, type ModelFiles } from '../model/builtin-models.ts';
import type { DescriptorV2 } from '../model/manifest-types.ts';
import type { ForwardModel } from '../forward/forward-types.ts';
import type { FixtureServer } from './fixture-server.ts';

/** A shape unlike the default's: odd counts, k differing per level, a shared expert and an engineered tie. */
export const ODD_DESCRIPTOR: DescriptorV2 = {
  family: 'litellm-conformance', formatVersion: 2, name: 'fwd-odd', seed: '77', dModel: 12, layers: 3,
  hierarchy: { tiers: 3, groupsPerTier: 2, expertsPerGroup: 5 }, topK: { tier: 2, group: 1, expert: 3 },
  ties: [{ layer: 1, level: 'expert', copy: { from: 2, to: 3 } }],
  vocab: 40, heads: 3, dFF: 20, sharedExpert: true, ropeBase: 500, maxSeq: 24,
};

export function descriptorWith(overrides: Partial<DescriptorV2>): DescriptorV2 {
  return { ...DEFAULT_MODEL_DESCRIPTOR, ...overrides };
}

const cache = new Map<string, ForwardModel>();

/** The model of a descriptor, generated once per test process. */
export function forwardModel(descriptor: DescriptorV2): ForwardModel {
  const key = JSON.stringify(descriptor);
  let model = cache.get(key);
  if (model === undefined) {
    model = { id: descriptor.name, descriptor, transformer: generateModelWeights(descriptor).transformer! };
    cache.set(key, model);
  }
  return model;
}

/** A deterministic token sequence of `length` ids below `vocab`. */
export function sequenceOf(length: number, vocab: number, salt: number): number[] {
  return Array.from({ length }, (_, i) => (i * 31 + salt * 17 + ((i * i) % 7)) % vocab);
}

/** Serves generated model files under /<dir>/ (manifest.json and its shards); returns the manifest URL. */
export function serveModelFiles(fixtures: FixtureServer, dir: string, files: ModelFiles, manifestText?: string): string {
  fixtures.set(`/${dir}/manifest.json`, manifestText ?? Buffer.from(files.manifestBytes));
  files.manifest.shards.forEach((shard, i) => fixtures.set(`/${dir}/${shard.path}`, files.shards[i]!));
  return `${fixtures.baseUrl}/${dir}/manifest.json`;
}
