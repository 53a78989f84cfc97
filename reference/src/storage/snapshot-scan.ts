// The scan of `snapshots/` at start and on a rescan (SPEC-030 §4.5): leftovers of interrupted writes and deletes are
// removed, every snapshot directory is verified against its checkpoint, and the ones that fail are moved aside under
// a `.damaged-` name, kept for an operator but never listed.

import { lstat, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isRuntimeError } from '../errors.ts';
import { fsyncDirectory, isTempName } from './atomic-file.ts';
import { CHECKPOINT_FILE, parseCheckpoint, type CheckpointManifest } from './checkpoint-manifest.ts';
import { verifySnapshotDirectory } from './checkpoint-verify.ts';
import type { SnapshotBehaviour } from './snapshot-behaviour.ts';

/** SPEC-030 §3: snapshot ids; no '/', no leading '.', so never a path and never a leftover or quarantine name. */
export const SNAPSHOT_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const QUARANTINE_PREFIX = '.damaged-';

export interface ScanResult {
  /** Complete snapshots by id. */
  found: Map<string, CheckpointManifest>;
  removed: number;
  quarantined: number;
}

/** The checkpoint of a snapshot directory that verifies; throws E_SNAPSHOT_INTEGRITY otherwise. */
async function checkpointOf(dir: string, behaviour: SnapshotBehaviour): Promise<CheckpointManifest> {
  // The snapshot.scan-trusts-checkpoint fault reads the checkpoint without looking at the files it lists.
  if (behaviour.scanTrustsCheckpoint) return parseCheckpoint(await readFile(join(dir, CHECKPOINT_FILE)).catch(() => new Uint8Array()), behaviour);
  return (await verifySnapshotDirectory(dir, behaviour)).checkpoint;
}

/** A `.damaged-<id>-<k>` name not yet present in `names`. */
function quarantineName(id: string, names: ReadonlySet<string>): string {
  for (let k = 1; ; k++) {
    const name = `${QUARANTINE_PREFIX}${id}-${k}`;
    if (!names.has(name)) return name;
  }
}

/**
 * Scans `snapshotsDir`. `busy` holds the temporary directories of writes in flight in this process, which a rescan
 * must not take for leftovers (at start there are none).
 */
export async function scanSnapshots(snapshotsDir: string, behaviour: SnapshotBehaviour, busy: ReadonlySet<string> = new Set()): Promise<ScanResult> {
  const result: ScanResult = { found: new Map(), removed: 0, quarantined: 0 };
  const names = (await readdir(snapshotsDir)).sort();
  const taken = new Set(names);
  for (const name of names) {
    const path = join(snapshotsDir, name);
    if (isTempName(name)) {
      if (behaviour.scanKeepsLeftovers || busy.has(path)) continue;
      await rm(path, { recursive: true, force: true });
      result.removed += 1;
      continue;
    }
    if (!SNAPSHOT_ID.test(name) || !(await lstat(path)).isDirectory()) continue;
    if (behaviour.scanSkipsDottedIds && name.includes('.')) continue;
    try {
      result.found.set(name, await checkpointOf(path, behaviour));
    } catch (error) {
      if (!isRuntimeError(error) || error.code !== 'E_SNAPSHOT_INTEGRITY') throw error;
      const aside = quarantineName(name, taken);
      taken.add(aside);
      await rename(path, join(snapshotsDir, aside));
      result.quarantined += 1;
    }
  }
  if (result.removed + result.quarantined > 0) await fsyncDirectory(snapshotsDir);
  return result;
}
