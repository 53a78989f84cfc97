// The sharded-checkpoint index (SPEC-028 §4.8): a JSON file beside a set of shards naming the shard that holds each
// tensor, in the common `weight_map` layout: {"metadata": {"total_size": N}, "weight_map": {"<tensor>": "<file>"}}.
// The writer's bytes are a pure function of the shards (members sorted by code point), so a snapshot that records
// the index's SHA-256 records exactly one possible file; the reader is as strict as the shard reader.

import { RuntimeError } from '../errors.ts';
import { compareCodePoints } from './safetensors-writer.ts';
import { parseStrictJson } from './strict-json.ts';

/** Name of the index file beside the shards it describes. */
export const SHARD_INDEX_FILE = 'model.safetensors.index.json';
/** One path segment: no '/', no '\\', no leading '.', so a name can neither climb ('..') nor hide ('.x'). */
const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const METADATA_KEY = '__metadata__';
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface IndexedShard {
  /** The shard's file name, relative to the index's directory. */
  path: string;
  tensors: readonly { name: string; byteLength: number }[];
}

export interface ShardIndex {
  /** Sum of the byte lengths of every tensor, as `metadata.total_size` states it. */
  totalSize: number;
  /** Tensor name → shard file name, in code-point order of the tensor names. */
  weightMap: ReadonlyMap<string, string>;
  /** The distinct shard file names, in code-point order. */
  files: readonly string[];
}

function formatError(message: string): RuntimeError {
  return new RuntimeError('E_MODEL_FORMAT', `shard index: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkFileName(name: unknown): string {
  if (typeof name !== 'string' || !FILE_NAME.test(name)) throw formatError(`shard file name ${JSON.stringify(name)} is not one relative path segment`);
  return name;
}

function checkTensorName(name: string): void {
  if (name.length === 0 || name === METADATA_KEY) throw formatError(`tensor name ${JSON.stringify(name)} is not allowed`);
}

/** The index of `shards`; throws E_MODEL_FORMAT for a bad file name, a tensor named twice or a bad byte length. */
export function buildShardIndex(shards: readonly IndexedShard[]): Uint8Array {
  const weightMap = new Map<string, string>();
  const paths = new Set<string>();
  let totalSize = 0;
  for (const shard of shards) {
    const path = checkFileName(shard.path);
    if (paths.has(path)) throw formatError(`shard file ${path} listed twice`);
    paths.add(path);
    for (const { name, byteLength } of shard.tensors) {
      checkTensorName(name);
      if (weightMap.has(name)) throw formatError(`tensor ${name} is in two shards`);
      if (!isCount(byteLength)) throw formatError(`tensor ${name} has byte length ${String(byteLength)}`);
      totalSize += byteLength;
      if (!Number.isSafeInteger(totalSize)) throw formatError('total_size is not a safe integer');
      weightMap.set(name, path);
    }
  }
  // Built as text so that member order is exactly code-point order (object keys like "7" would move first).
  const lines = [...weightMap.keys()].sort(compareCodePoints).map((name) => `    ${JSON.stringify(name)}: ${JSON.stringify(weightMap.get(name))}`);
  const body = lines.length === 0 ? '{}' : `{\n${lines.join(',\n')}\n  }`;
  const text = `{\n  "metadata": {\n    "total_size": ${totalSize}\n  },\n  "weight_map": ${body}\n}\n`;
  return new TextEncoder().encode(text);
}

function exactKeys(value: Record<string, unknown>, keys: readonly string[], what: string): void {
  const actual = Object.keys(value).sort();
  if (actual.length !== keys.length || actual.some((key, i) => key !== keys[i])) throw formatError(`${what} must have exactly ${keys.join(', ')}`);
}

/** Parses an index strictly: UTF-8, JSON without duplicate keys, exactly the layout above. Throws E_MODEL_FORMAT. */
export function readShardIndex(bytes: Uint8Array): ShardIndex {
  let document: unknown;
  try {
    document = parseStrictJson(UTF8.decode(bytes));
  } catch (error) {
    throw formatError(`not UTF-8 JSON without duplicate keys (${(error as Error).message})`);
  }
  if (!isPlainObject(document)) throw formatError('not a JSON object');
  exactKeys(document, ['metadata', 'weight_map'], 'the index');
  const { metadata, weight_map: map } = document;
  if (!isPlainObject(metadata)) throw formatError('metadata is not an object');
  exactKeys(metadata, ['total_size'], 'metadata');
  if (!isCount(metadata.total_size)) throw formatError('total_size is not a non-negative safe integer');
  if (!isPlainObject(map)) throw formatError('weight_map is not an object');
  const weightMap = new Map<string, string>();
  for (const name of Object.keys(map).sort(compareCodePoints)) {
    checkTensorName(name);
    weightMap.set(name, checkFileName(map[name]));
  }
  const files = [...new Set(weightMap.values())].sort(compareCodePoints);
  return { totalSize: metadata.total_size, weightMap, files };
}

/**
 * Checks an index against the shards it sits beside: every tensor of every shard maps to that shard, every entry
 * names a tensor some shard holds, and total_size is the sum of their byte lengths. Throws E_MODEL_FORMAT.
 */
export function verifyShardIndex(index: ShardIndex, shards: readonly IndexedShard[]): void {
  let totalSize = 0;
  let count = 0;
  for (const shard of shards) {
    for (const { name, byteLength } of shard.tensors) {
      const file = index.weightMap.get(name);
      if (file !== shard.path) throw formatError(`tensor ${name} is in ${shard.path}, the index says ${file ?? 'nothing'}`);
      totalSize += byteLength;
      count++;
    }
  }
  if (count !== index.weightMap.size) throw formatError('the index names tensors no shard holds');
  if (totalSize !== index.totalSize) throw formatError(`total_size ${index.totalSize} differs from the shards' ${totalSize} bytes`);
}
