// The checkpoint manifest of a snapshot (SPEC-029): building it from the files a snapshot writes, and verifying a
// snapshot directory's files against it before a restore loads any of them. Every verification failure is
// E_SNAPSHOT_INTEGRITY; the bytes a successful verification returns are the bytes it hashed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { RuntimeError } from '../errors.ts';
import { sha256Hex } from '../numeric/sha256-hex.ts';
import { canonicalJson } from '../model/canonical-json.ts';
import { parseStrictJson } from '../model/strict-json.ts';
import { createAjv, DEFAULT_SCHEMAS_DIR } from '../schema-store.ts';
import { NO_SNAPSHOT_FAULTS, type SnapshotBehaviour } from './snapshot-behaviour.ts';

export const CHECKPOINT_FILE = 'checkpoint.json';
export const MODEL_MANIFEST_FILE = 'model-manifest.json';
export const CHECKPOINT_FORMAT_VERSION = 1;

export interface CheckpointFile {
  path: string;
  size: number;
  sha256: string;
}

export interface CheckpointSignature {
  keyId: string;
  algorithm: string;
  value: string;
}

/** checkpoint.json (schemas/storage/checkpoint-manifest.schema.json). */
export interface CheckpointManifest {
  formatVersion: 1;
  modelId: string;
  manifestDigest: string;
  files: CheckpointFile[];
  rootDigest: string;
  signature: CheckpointSignature | null;
}

/** A file as written or read: its path in the snapshot directory and its bytes. */
export interface SnapshotFile {
  path: string;
  bytes: Uint8Array;
}


const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** REQ-029-004: SHA-256 over `<sha256> <size> <path>\n` per entry, in the order given. */
export function rootDigestOf(files: readonly CheckpointFile[], behaviour: SnapshotBehaviour = NO_SNAPSHOT_FAULTS): string {
  const lines = files.map((file) => (behaviour.rootWithoutSize ? `${file.sha256} ${file.path}\n` : `${file.sha256} ${file.size} ${file.path}\n`));
  return sha256Hex(Buffer.from(lines.join(''), 'utf8'));
}

/** The SPEC-001 §4.5 digest of a descriptor: SHA-256 of its canonical JSON. */
export function descriptorDigest(descriptor: unknown): string {
  return sha256Hex(Buffer.from(canonicalJson(descriptor), 'utf8'));
}

/** The entry of one file; a shard's digest covers the whole file (only a fault hashes its data section alone). */
function fileEntry(file: SnapshotFile, behaviour: SnapshotBehaviour): CheckpointFile {
  const hashed = behaviour.digestTensorDataOnly && file.path !== MODEL_MANIFEST_FILE ? dataSection(file.bytes) : file.bytes;
  return { path: file.path, size: file.bytes.length, sha256: sha256Hex(hashed) };
}

function dataSection(bytes: Uint8Array): Uint8Array {
  const headerLength = Number(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readBigUInt64LE(0));
  return bytes.subarray(8 + headerLength);
}

/** Builds the checkpoint of `files` (model-manifest.json among them) for a model with `manifestDigest`. */
export function buildCheckpoint(modelId: string, manifestDigest: string, files: readonly SnapshotFile[], behaviour: SnapshotBehaviour = NO_SNAPSHOT_FAULTS): CheckpointManifest {
  // REQ-029-002: sorted by path in code-point order (paths are ASCII, so UTF-16 order is code-point order).
  const entries = files.map((file) => fileEntry(file, behaviour)).sort(byPath);
  const listed = behaviour.manifestListedFirst
    ? [...entries.filter((e) => e.path === MODEL_MANIFEST_FILE), ...entries.filter((e) => e.path !== MODEL_MANIFEST_FILE)]
    : entries;
  const manifestBytes = files.find((file) => file.path === MODEL_MANIFEST_FILE)?.bytes;
  if (manifestBytes === undefined) throw new RuntimeError('E_INTERNAL', 'a snapshot always holds model-manifest.json');
  return {
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    modelId,
    // REQ-029-005: the snapshotted model's digest (a fault substitutes the digest of the stored manifest bytes).
    manifestDigest: behaviour.digestOfManifestFile ? sha256Hex(manifestBytes) : manifestDigest,
    files: listed,
    rootDigest: rootDigestOf(listed, behaviour),
    // REQ-029-001: reserved for SPEC-052 (a fault writes an empty object).
    signature: behaviour.signatureEmptyObject ? ({} as CheckpointSignature) : null,
  };
}

/** The bytes written as checkpoint.json: readable JSON, one trailing newline. */
export function serializeCheckpoint(checkpoint: CheckpointManifest): Uint8Array {
  return Buffer.from(`${JSON.stringify(checkpoint, null, 2)}\n`, 'utf8');
}

function integrity(message: string): RuntimeError {
  return new RuntimeError('E_SNAPSHOT_INTEGRITY', message);
}

let validator: ValidateFunction | undefined;

function checkpointValidator(): ValidateFunction {
  if (validator === undefined) {
    const read = (...parts: string[]): object => JSON.parse(readFileSync(join(DEFAULT_SCHEMAS_DIR, ...parts), 'utf8')) as object;
    const ajv = createAjv([read('protocol', 'common.schema.json'), read('storage', 'checkpoint-manifest.schema.json')]);
    const found = ajv.getSchema('https://lite-llm.dev/schemas/storage/checkpoint-manifest.schema.json');
    if (found === undefined) throw new Error('schemas/storage/checkpoint-manifest.schema.json is missing');
    validator = found;
  }
  return validator;
}

/** SPEC-029 §4.4 check 1: strict UTF-8 JSON, valid against the schema, files strictly ascending by path. */
export function parseCheckpoint(bytes: Uint8Array, behaviour: SnapshotBehaviour = NO_SNAPSHOT_FAULTS): CheckpointManifest {
  let document: unknown;
  try {
    document = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw integrity(`checkpoint.json is not UTF-8 JSON (${(error as Error).message})`);
  }
  const validate = checkpointValidator();
  const checkpoint = document as CheckpointManifest;
  // The checkpoint.verify-any-version fault accepts any object that has a files array.
  const schemaValid = behaviour.verifyAnyVersion ? Array.isArray(checkpoint?.files) : validate(document);
  if (!schemaValid) {
    const first = validate.errors?.[0];
    throw integrity(`checkpoint.json fails its schema: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trimEnd());
  }
  for (let i = 1; i < checkpoint.files.length; i++) {
    if (!(checkpoint.files[i - 1]!.path < checkpoint.files[i]!.path)) throw integrity('checkpoint.json lists files out of order or twice');
  }
  return checkpoint;
}
