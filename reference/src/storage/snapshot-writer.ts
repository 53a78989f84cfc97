// Writes a snapshot directory so that it appears whole or not at all (SPEC-030 §4.3): every file into a temporary
// directory `snapshots/.tmp-<pid>-<n>-<id>/`, each fsynced, checkpoint.json last; the directory fsynced, renamed to
// `snapshots/<id>`, and `snapshots/` fsynced. A crash before the rename leaves only a leftover that the next scan
// removes. The steps are numbered as in SPEC-030 §4.6 and reported to a hook after each one.

import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDirectory, tempPathFor } from './atomic-file.ts';
import { CHECKPOINT_FILE, type SnapshotFile } from './checkpoint-manifest.ts';

/** Called after each completed write step; it may stop the write by throwing (crash simulation). */
export type StepHook = (step: number) => void | Promise<void>;

/** Thrown by a crash hook: the writer then leaves every file exactly as it is, as a killed process would. */
export class SimulatedCrash extends Error {
  readonly step: number;

  constructor(step: number) {
    super(`snapshot write stopped after step ${step}`);
    this.name = 'SimulatedCrash';
    this.step = step;
  }
}

export interface SnapshotWrite {
  /** The `snapshots/` directory. */
  snapshotsDir: string;
  id: string;
  /** Shards in manifest order, then model-manifest.json. */
  files: readonly SnapshotFile[];
  checkpointBytes: Uint8Array;
  /** Writes straight into `snapshots/<id>/` (only the snapshot.write-in-place fault). */
  inPlace?: boolean;
  /** Removes an existing `snapshots/<id>` before the rename (only the snapshot.overwrite-existing fault). */
  replaceExisting?: boolean;
  /** Told the temporary directory's path before anything is written, so a rescan can leave it alone. */
  onTemporary?: (path: string) => void;
}

/** Writes `bytes` to a new file and fsyncs it. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
  try {
    let written = 0;
    while (written < bytes.length) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Runs the write steps of SPEC-030 §4.6, calling `afterStep` after each; returns the number of steps. */
export async function writeSnapshotDirectory(write: SnapshotWrite, afterStep: StepHook = () => undefined): Promise<number> {
  const target = join(write.snapshotsDir, write.id);
  const temp = write.inPlace === true ? target : tempPathFor(target);
  write.onTemporary?.(temp);
  let step = 0;
  const completed = async (): Promise<void> => {
    await afterStep(step);
    step += 1;
  };
  try {
    await mkdir(temp);
    await completed();
    // Nested shard paths need their directories; those are fsynced with the temporary directory below.
    const subdirectories = new Set<string>();
    for (const file of [...write.files, { path: CHECKPOINT_FILE, bytes: write.checkpointBytes }]) {
      const path = join(temp, ...file.path.split('/'));
      if (dirname(path) !== temp) {
        await mkdir(dirname(path), { recursive: true });
        subdirectories.add(dirname(path));
      }
      await writeDurably(path, file.bytes);
      await completed();
    }
    for (const dir of [...subdirectories].sort().reverse()) await fsyncDirectory(dir);
    await fsyncDirectory(temp);
    await completed();
    if (write.inPlace !== true) {
      if (write.replaceExisting === true) await rm(target, { recursive: true, force: true });
      await rename(temp, target);
    }
    await completed();
    await fsyncDirectory(write.snapshotsDir);
    await completed();
    return step;
  } catch (error) {
    // A simulated crash leaves everything in place; any other failure cleans up its own temporary directory.
    if (!(error instanceof SimulatedCrash) && write.inPlace !== true) await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}
