// Locating and writing repository files. Every function takes the repository root, so tests can point the tools at
// a temporary fixture tree instead of the real corpus.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareText } from './problems.ts';

/** The repository this copy of the tools belongs to (scripts/lib/ → ../..). */
export const defaultRepoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Directories no tool descends into: dependencies, VCS data, build and report output. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', 'coverage', '.tmp', 'docs', 'out']);

/**
 * Files under `root/dir` whose name satisfies `accept`, as sorted POSIX-style paths relative to `root`.
 * A missing directory yields no files rather than an error: a corpus may not have features or schemas yet.
 */
export function listFiles(
  root: string,
  dir: string,
  accept: (name: string) => boolean,
  skipDir: (relDir: string) => boolean = () => false,
): string[] {
  const found: string[] = [];
  const visit = (rel: string): void => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !skipDir(childRel)) visit(childRel);
      } else if (entry.isFile() && accept(entry.name)) {
        found.push(childRel);
      }
    }
  };
  visit(dir === '.' ? '' : dir);
  return found.sort(compareText);
}

/**
 * Replaces `file` so that readers see either the old or the new content, never a torn write: the bytes go to a
 * temporary file in the same directory, are flushed to disk, and the temporary file is renamed over the target.
 */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, content, null, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(file));
}

/** Persists the rename itself; some platforms cannot open a directory for syncing, which is not an error there. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Directory fsync is unsupported on this platform; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Parses an optional leading `--root DIR` from argv, leaving the remaining arguments. */
export function splitRootArg(args: readonly string[]): { root: string; rest: string[] } {
  if (args[0] === '--root' && args[1] !== undefined) return { root: path.resolve(args[1]), rest: args.slice(2) };
  return { root: defaultRepoRoot, rest: [...args] };
}
