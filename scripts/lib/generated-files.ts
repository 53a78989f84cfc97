// Writing generated files and detecting drift between committed generated files and a fresh regeneration.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildRequirementsIndex, REQUIREMENTS_INDEX_FILE, serialiseRequirementsIndex } from './requirements-index.ts';
import { listFiles, writeFileAtomic } from './repo-files.ts';
import { GENERATED_DIR } from './schema-files.ts';
import { loadSpecCorpus } from './spec-corpus.ts';
import { generateTypes } from './types-generator.ts';

function readIfExists(abs: string): string | undefined {
  return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
}

/** Generated .ts files currently on disk, repository-relative. */
function committedGenerated(root: string): string[] {
  return listFiles(root, GENERATED_DIR, (name) => name.endsWith('.ts'));
}

export interface SyncResult {
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Makes schemas/generated/ hold exactly `files`: writes what differs (atomically) and removes generated modules
 * whose schema is gone, so a deleted schema cannot leave a stale type behind.
 */
export function syncGenerated(root: string, files: ReadonlyMap<string, string>): SyncResult {
  const written: string[] = [];
  for (const [rel, content] of files) {
    const abs = path.join(root, rel);
    if (readIfExists(abs) === content) continue;
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileAtomic(abs, content);
    written.push(rel);
  }
  const removed = committedGenerated(root).filter((rel) => !files.has(rel));
  for (const rel of removed) rmSync(path.join(root, rel));
  removeEmptyDirs(path.join(root, GENERATED_DIR));
  return { written, removed };
}

function removeEmptyDirs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const child = path.join(dir, entry.name);
    removeEmptyDirs(child);
    if (readdirSync(child).length === 0) rmdirSync(child);
  }
}

export interface Drift {
  readonly file: string;
  readonly state: 'differs' | 'missing' | 'not generated' | 'cannot regenerate';
  readonly detail?: string;
}

/** Every generated file whose committed content is not what `npm run gen` would produce now. */
export async function findGeneratedDrift(root: string): Promise<Drift[]> {
  const drift: Drift[] = [];
  const types = await generateTypes(root);
  for (const [rel, content] of types) {
    const committed = readIfExists(path.join(root, rel));
    if (committed === undefined) drift.push({ file: rel, state: 'missing' });
    else if (committed !== content) drift.push({ file: rel, state: 'differs' });
  }
  for (const rel of committedGenerated(root)) {
    if (!types.has(rel)) drift.push({ file: rel, state: 'not generated', detail: 'no schema produces it any more' });
  }

  const corpus = loadSpecCorpus(root);
  if (corpus.problems.length > 0) {
    const detail = `${corpus.problems.length} spec problem(s); see npm run specs:lint`;
    drift.push({ file: REQUIREMENTS_INDEX_FILE, state: 'cannot regenerate', detail });
  } else {
    const expected = serialiseRequirementsIndex(buildRequirementsIndex(corpus));
    const committed = readIfExists(path.join(root, REQUIREMENTS_INDEX_FILE));
    if (committed === undefined) drift.push({ file: REQUIREMENTS_INDEX_FILE, state: 'missing' });
    else if (committed !== expected) drift.push({ file: REQUIREMENTS_INDEX_FILE, state: 'differs' });
  }
  return drift;
}
