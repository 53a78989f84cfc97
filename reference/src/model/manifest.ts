// Manifest parsing and validation: strict JSON, the manifest schema, then the cross-field invariants of
// SPEC-004 that JSON Schema cannot state, then the declared limits. Nothing is fetched before this passes.

import type { ValidateFunction } from 'ajv';
import { RuntimeError } from '../errors.ts';
import type { RuntimeLimits } from '../limits.ts';
import { createAjv, schemaId, type JsonSchemaDocument } from '../schema-store.ts';
import { parseRouterTensorName, ROUTING_LEVELS, routerRows, routerTensorName, type Descriptor, type Manifest } from './manifest-types.ts';
import { parseStrictJson } from './strict-json.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const F32_BYTES = 4;
const MAX_GLOBAL_EXPERTS = 2 ** 32;

function invalid(message: string): RuntimeError {
  return new RuntimeError('E_MODEL_MANIFEST_INVALID', `manifest: ${message}`);
}

/** The SPEC-004 §4.1 invariants a descriptor must meet beyond its schema; throws E_MODEL_MANIFEST_INVALID. */
export function checkDescriptor(descriptor: Descriptor): void {
  const { hierarchy, topK, layers } = descriptor;
  if (topK.tier > hierarchy.tiers) throw invalid('topK.tier exceeds tiers');
  if (topK.group > hierarchy.groupsPerTier) throw invalid('topK.group exceeds groupsPerTier');
  if (topK.expert > hierarchy.expertsPerGroup) throw invalid('topK.expert exceeds expertsPerGroup');
  if (routerRows(hierarchy, 'expert') > MAX_GLOBAL_EXPERTS) throw invalid('more experts than a u32 id can name');
  for (const tie of descriptor.ties ?? []) {
    const rows = routerRows(hierarchy, tie.level);
    if (tie.layer >= layers) throw invalid(`tie layer ${tie.layer} is not below layers`);
    if (tie.copy.from === tie.copy.to) throw invalid('tie copies a row onto itself');
    if (tie.copy.from >= rows || tie.copy.to >= rows) throw invalid(`tie row outside the ${tie.level} router tensor`);
  }
}

/** Every router tensor appears in exactly one shard, no shard names any other tensor, shard paths are distinct. */
function checkShardCoverage(manifest: Manifest): void {
  const expected = new Set<string>();
  for (let layer = 0; layer < manifest.descriptor.layers; layer++) {
    for (const level of ROUTING_LEVELS) expected.add(routerTensorName(layer, level));
  }
  const seenTensors = new Set<string>();
  const seenPaths = new Set<string>();
  for (const shard of manifest.shards) {
    if (seenPaths.has(shard.path)) throw invalid(`shard path ${shard.path} listed twice`);
    seenPaths.add(shard.path);
    for (const name of shard.tensors) {
      if (!expected.has(name)) throw invalid(`tensor ${name} does not belong to the descriptor`);
      if (seenTensors.has(name)) throw invalid(`tensor ${name} listed in two shards`);
      seenTensors.add(name);
    }
  }
  if (seenTensors.size !== expected.size) throw invalid('some router tensors are in no shard');
}

function tensorBytes(descriptor: Descriptor, name: string): number {
  const parsed = parseRouterTensorName(name);
  return parsed === null ? 0 : routerRows(descriptor.hierarchy, parsed.level) * descriptor.dModel * F32_BYTES;
}

function checkLimits(manifest: Manifest, limits: RuntimeLimits): void {
  const { descriptor } = manifest;
  if (descriptor.dModel > limits.maxDModel) {
    throw new RuntimeError('E_MODEL_LIMIT', `dModel ${descriptor.dModel} exceeds maxDModel ${limits.maxDModel}`);
  }
  for (const shard of manifest.shards) {
    // The tensor payload alone may already be larger than a shard may be; refuse before downloading anything.
    const payload = shard.tensors.reduce((sum, name) => sum + tensorBytes(descriptor, name), 0);
    if (shard.size > limits.maxShardBytes || payload + 8 > limits.maxShardBytes) {
      throw new RuntimeError('E_MODEL_LIMIT', `shard ${shard.path} exceeds maxShardBytes ${limits.maxShardBytes}`);
    }
  }
}

export class ManifestParser {
  private readonly validate: ValidateFunction;
  private readonly limits: RuntimeLimits;

  constructor(schemaDocuments: readonly JsonSchemaDocument[], limits: RuntimeLimits) {
    const validate = createAjv(schemaDocuments).getSchema(schemaId('model', 'manifest'));
    if (validate === undefined) throw new Error('schemas/model/manifest.schema.json is missing');
    this.validate = validate;
    this.limits = limits;
  }

  /**
   * Parses manifest bytes as served; throws E_MODEL_MANIFEST_INVALID or E_MODEL_LIMIT. `descriptorInvariants` false
   * leaves checkDescriptor to the caller (only fault switches do that).
   */
  parse(bytes: Uint8Array, descriptorInvariants = true): Manifest {
    let document: unknown;
    try {
      document = parseStrictJson(UTF8.decode(bytes));
    } catch (error) {
      throw invalid(`not UTF-8 JSON (${(error as Error).message})`);
    }
    if (!this.validate(document)) {
      const first = this.validate.errors?.[0];
      throw invalid(`${first?.instancePath || '/'} ${first?.message ?? 'fails the manifest schema'}`);
    }
    const manifest = document as Manifest;
    if (descriptorInvariants) checkDescriptor(manifest.descriptor);
    checkShardCoverage(manifest);
    checkLimits(manifest, this.limits);
    return manifest;
  }
}
