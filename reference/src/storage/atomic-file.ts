// Crash-safe file writes (SPEC-024 staging, SPEC-030 snapshots): the bytes go to a temporary file in the target's
// own directory, are flushed with fsync, the file is renamed over the target, and the directory is fsynced so the
// rename itself survives a crash. A reader therefore sees the old file, the new file, or no file: never a prefix.

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temporary names start with this prefix, so a scan after a crash can recognise and remove leftovers. */
export const TEMP_PREFIX = '.tmp-';

let sequence = 0;

/** A temporary path beside `target`, unique within this process and across processes (the pid is in it). */
export function tempPathFor(target: string): string {
  sequence += 1;
  return join(dirname(target), `${TEMP_PREFIX}${process.pid}-${sequence}-${basename(target)}`);
}

/** Whether a directory entry is a temporary file or directory left by an interrupted write. */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/** fsyncs a directory so that entries created or renamed in it are durable. */
export function fsyncDirectorySync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `bytes` to `target` atomically and durably (temp file, fsync, rename, fsync of the directory). */
export async function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  const temp = tempPathFor(target);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
        written += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(dirname(target));
}

/** The synchronous form of writeFileAtomic, for start-up and tests. */
export function writeFileAtomicSync(target: string, bytes: Uint8Array): void {
  const temp = tempPathFor(target);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectorySync(dirname(target));
}
