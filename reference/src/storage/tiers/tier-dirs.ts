// Cold-tier directories under the storage directory: `tiers/<model>-<pid>-<n>`, one per tiered load. A cold tier
// lives only as long as the process that indexed it (its index is in memory), so the directories of processes that
// no longer run are leftovers of a crash or a kill; they are removed the first time this process tiers a model.
// Directories of processes still running (another runtime sharing the storage directory) are left alone.

import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TIER_DIR = /^.+-([1-9][0-9]*)-[1-9][0-9]*$/;

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the tier directories under `tiersDir` whose process is gone; returns their names. */
export function sweepDeadTierDirs(tiersDir: string, alive: (pid: number) => boolean = processAlive): string[] {
  let names: string[];
  try {
    names = readdirSync(tiersDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.sort()) {
    const match = TIER_DIR.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(tiersDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
