// Verification of a snapshot directory against its checkpoint manifest (SPEC-029 §4.4), in the order the spec lists
// the checks. Each file is read once; the bytes handed back for loading are exactly the bytes that were hashed.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeError } from '../errors.ts';
import { parseStrictJson } from '../model/strict-json.ts';
import {
  CHECKPOINT_FILE,
  descriptorDigest,
  MODEL_MANIFEST_FILE,
  parseCheckpoint,
  rootDigestOf,
  type CheckpointManifest,
} from './checkpoint-manifest.ts';
import { NO_SNAPSHOT_FAULTS, type SnapshotBehaviour } from './snapshot-behaviour.ts';
import { sha256Hex } from '../numeric/sha256-hex.ts';
import { readVerified } from './verified-read.ts';

/** A snapshot whose files passed every check: what a restore loads. */
export interface VerifiedSnapshot {
  checkpoint: CheckpointManifest;
  manifestBytes: Uint8Array;
  /** Shard bytes in the order of model-manifest.json's `shards`. */
  shards: Uint8Array[];
}

function integrity(message: string): RuntimeError {
  return new RuntimeError('E_SNAPSHOT_INTEGRITY', message);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Relative '/'-separated paths of every entry below `dir` that is not a directory (files, links, anything else). */
export async function entriesBelow(dir: string, prefix = ''): Promise<{ path: string; regular: boolean }[]> {
  const found: { path: string; regular: boolean }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await entriesBelow(join(dir, entry.name), path)));
    else found.push({ path, regular: entry.isFile() });
  }
  return found;
}

/** The shard paths and descriptor of model-manifest.json, read just far enough to check them against the checkpoint. */
function manifestOutline(bytes: Uint8Array): { descriptor: unknown; shardPaths: string[] } {
  let document: unknown;
  try {
    document = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw integrity(`model-manifest.json is not UTF-8 JSON (${(error as Error).message})`);
  }
  const { descriptor, shards } = (document ?? {}) as { descriptor?: unknown; shards?: unknown };
  const paths = Array.isArray(shards) ? shards.map((shard) => (shard as { path?: unknown } | null)?.path) : null;
  if (descriptor === undefined || paths === null || !paths.every((path): path is string => typeof path === 'string')) {
    throw integrity('model-manifest.json has no descriptor or no list of shard paths');
  }
  return { descriptor, shardPaths: paths };
}

/** SPEC-029 §4.4 checks 1 to 5 on the snapshot directory `dir`; throws E_SNAPSHOT_INTEGRITY on the first failure. */
export async function verifySnapshotDirectory(dir: string, behaviour: SnapshotBehaviour = NO_SNAPSHOT_FAULTS): Promise<VerifiedSnapshot> {
  let checkpointBytes: Uint8Array;
  try {
    checkpointBytes = await readFile(join(dir, CHECKPOINT_FILE));
  } catch (error) {
    if (isMissing(error)) throw integrity('checkpoint.json is missing');
    throw error;
  }
  // Check 1 (REQ-029-009): the document itself.
  const checkpoint = parseCheckpoint(checkpointBytes, behaviour);
  // Check 2 (REQ-029-008): exactly the listed files, nothing else, and only regular files.
  const listed = new Set(checkpoint.files.map((file) => file.path));
  const present = (await entriesBelow(dir)).filter((entry) => entry.path !== CHECKPOINT_FILE);
  for (const entry of present) {
    if (!entry.regular) throw integrity(`${entry.path} is not a regular file`);
    if (!listed.has(entry.path) && !behaviour.verifyIgnoresUnlisted) throw integrity(`${entry.path} is not listed in checkpoint.json`);
  }
  const presentPaths = new Set(present.map((entry) => entry.path));
  const bytesByPath = new Map<string, Uint8Array>();
  for (const file of checkpoint.files) {
    if (!presentPaths.has(file.path)) throw integrity(`${file.path} is listed but missing`);
    // Check 3 (REQ-029-007): length, then SHA-256 while reading (only a fault stops at the length).
    const read = await readVerified(join(dir, ...file.path.split('/')), file.size, behaviour.verifySizeOnly ? null : file.sha256).catch((error: unknown) => {
      // Removed since the directory was listed (a concurrent delete): missing all the same.
      throw isMissing(error) ? integrity(`${file.path} is listed but missing`) : error;
    });
    if (!read.ok) {
      throw integrity(read.why === 'sha256' ? `${file.path} does not match its SHA-256` : `${file.path} has ${read.observedSize} bytes, checkpoint lists ${file.size}`);
    }
    bytesByPath.set(file.path, read.bytes);
  }
  // Check 4 (REQ-029-009): the root digest over the list as written.
  if (!behaviour.verifySkipsRoot && rootDigestOf(checkpoint.files, behaviour) !== checkpoint.rootDigest) {
    throw integrity('rootDigest does not match the files of checkpoint.json');
  }
  // Check 5 (REQ-029-009): the model manifest is listed, names exactly the other files, and carries the digest.
  const manifestBytes = bytesByPath.get(MODEL_MANIFEST_FILE);
  if (manifestBytes === undefined) throw integrity('model-manifest.json is not listed');
  const outline = manifestOutline(manifestBytes);
  const others = [...listed].filter((path) => path !== MODEL_MANIFEST_FILE).sort();
  if (new Set(outline.shardPaths).size !== outline.shardPaths.length || [...outline.shardPaths].sort().join('\n') !== others.join('\n')) {
    throw integrity('the shards of model-manifest.json are not exactly the other listed files');
  }
  const digests = [sha256Hex(manifestBytes), descriptorDigest(outline.descriptor)];
  if (!digests.includes(checkpoint.manifestDigest)) throw integrity('manifestDigest matches neither digest of model-manifest.json');
  return { checkpoint, manifestBytes, shards: outline.shardPaths.map((path) => bytesByPath.get(path)!) };
}
