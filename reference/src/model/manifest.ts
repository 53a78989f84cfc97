// Manifest parsing and validation: strict JSON, the manifest schema, then the cross-field invariants of
// SPEC-004 that JSON Schema cannot state, then the declared limits. Nothing is fetched before this passes.

import type { ValidateFunction } from 'ajv';
import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { RuntimeLimits } from '../limits.ts';
import { createAjv, schemaId, type JsonSchemaDocument } from '../schema-store.ts';
import { peakTokenFlops } from './compute-accounting.ts';
import { isTransformerDescriptor, ROUTING_LEVELS, routerRows, type Descriptor, type Manifest } from './manifest-types.ts';
import { parseStrictJson } from './strict-json.ts';
import { elementCount, expectedTensors, type TensorSpec } from './tensor-layout.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const F32_BYTES = 4;
const MAX_GLOBAL_EXPERTS = 2 ** 32;

function invalid(message: string): RuntimeError {
  return new RuntimeError('E_MODEL_MANIFEST_INVALID', `manifest: ${message}`);
}

/** The SPEC-004 §4.1 invariants a descriptor must meet beyond its schema; throws E_MODEL_MANIFEST_INVALID. */
export function checkDescriptor(descriptor: Descriptor, checkHeads = true): void {
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
  if (checkHeads && isTransformerDescriptor(descriptor)) {
    // contract-core §1: heads divide dModel and each head has an even width, so RoPE pairs never straddle heads.
    if (descriptor.dModel % descriptor.heads !== 0) throw invalid('heads does not divide dModel');
    if ((descriptor.dModel / descriptor.heads) % 2 !== 0) throw invalid('dModel / heads is odd');
  }
}

/** Every tensor of the descriptor appears in exactly one shard, no shard names any other tensor, shard paths are distinct. */
function checkShardCoverage(manifest: Manifest, expected: ReadonlyMap<string, TensorSpec>): void {
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
  if (seenTensors.size !== expected.size) throw invalid('some tensors of the descriptor are in no shard');
}

function tensorBytes(expected: ReadonlyMap<string, TensorSpec>, name: string): number {
  const spec = expected.get(name);
  return spec === undefined ? 0 : elementCount(spec.shape) * F32_BYTES;
}

/** SPEC-005 §4.5: routing fan-out and per-token compute stay within the declared bounds; throws E_COMPUTE_BOUND. */
export function checkComputeBound(descriptor: Descriptor, limits: RuntimeLimits, checks: ManifestChecks = ALL_MANIFEST_CHECKS): void {
  for (const level of checks.maxK ? ROUTING_LEVELS : []) {
    if (descriptor.topK[level] > limits.maxK[level]) {
      throw new RuntimeError('E_COMPUTE_BOUND', `topK.${level} ${descriptor.topK[level]} exceeds maxK.${level} ${limits.maxK[level]}`);
    }
  }
  if (!isTransformerDescriptor(descriptor) || !checks.flops) return;
  const flops = peakTokenFlops(descriptor);
  if (flops > limits.maxActiveFlopsPerToken) {
    throw new RuntimeError('E_COMPUTE_BOUND', `${flops} FLOPs per token at maxSeq exceed maxActiveFlopsPerToken ${limits.maxActiveFlopsPerToken}`);
  }
}

function checkLimits(manifest: Manifest, expected: ReadonlyMap<string, TensorSpec>, limits: RuntimeLimits, checks: ManifestChecks): void {
  const { descriptor } = manifest;
  if (descriptor.dModel > limits.maxDModel) {
    throw new RuntimeError('E_MODEL_LIMIT', `dModel ${descriptor.dModel} exceeds maxDModel ${limits.maxDModel}`);
  }
  if (checks.maxSeq && isTransformerDescriptor(descriptor) && descriptor.maxSeq > limits.maxSeq) {
    throw new RuntimeError('E_MODEL_LIMIT', `maxSeq ${descriptor.maxSeq} exceeds limits.maxSeq ${limits.maxSeq}`); // REQ-004-013
  }
  for (const shard of manifest.shards) {
    // The tensor payload alone may already be larger than a shard may be; refuse before downloading anything.
    const payload = shard.tensors.reduce((sum, name) => sum + tensorBytes(expected, name), 0);
    if (shard.size > limits.maxShardBytes || payload + 8 > limits.maxShardBytes) {
      throw new RuntimeError('E_MODEL_LIMIT', `shard ${shard.path} exceeds maxShardBytes ${limits.maxShardBytes}`);
    }
  }
}

/** Which core-layer manifest checks run; all of them without fault switches. */
export interface ManifestChecks {
  heads: boolean;
  maxSeq: boolean;
  maxK: boolean;
  flops: boolean;
}

const ALL_MANIFEST_CHECKS: ManifestChecks = { heads: true, maxSeq: true, maxK: true, flops: true };

export function manifestChecks(faults: FaultSet): ManifestChecks {
  return {
    // FAULT model.no-heads-check: heads need not divide dModel nor leave an even head width.
    heads: !faults.has('model.no-heads-check'),
    // FAULT model.ignore-max-seq: a descriptor maxSeq above limits.maxSeq is loaded.
    maxSeq: !faults.has('model.ignore-max-seq'),
    // FAULT compute.no-maxk-check: topK is never compared with limits.maxK.
    maxK: !faults.has('compute.no-maxk-check'),
    // FAULT compute.no-flops-check: peak per-token FLOPs are never compared with maxActiveFlopsPerToken.
    flops: !faults.has('compute.no-flops-check'),
  };
}

export class ManifestParser {
  private readonly validate: ValidateFunction;
  private readonly limits: RuntimeLimits;
  private readonly checks: ManifestChecks;

  constructor(schemaDocuments: readonly JsonSchemaDocument[], limits: RuntimeLimits, checks: ManifestChecks = ALL_MANIFEST_CHECKS) {
    this.checks = checks;
    const validate = createAjv(schemaDocuments).getSchema(schemaId('model', 'manifest'));
    if (validate === undefined) throw new Error('schemas/model/manifest.schema.json is missing');
    this.validate = validate;
    this.limits = limits;
  }

  /**
   * Parses manifest bytes as served; throws E_MODEL_MANIFEST_INVALID, E_MODEL_LIMIT or E_COMPUTE_BOUND.
   * `descriptorInvariants` false leaves checkDescriptor to the caller (only fault switches do that).
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
    if (descriptorInvariants) checkDescriptor(manifest.descriptor, this.checks.heads);
    const expected = expectedTensors(manifest.descriptor);
    checkShardCoverage(manifest, expected);
    // SPEC-004 §4.5: the compute bound comes before the declared limits, both before any shard is fetched.
    checkComputeBound(manifest.descriptor, this.limits, this.checks);
    checkLimits(manifest, expected, this.limits, this.checks);
    return manifest;
  }
}
