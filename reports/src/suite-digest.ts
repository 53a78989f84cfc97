/**
 * Digest of the suite's own content, so a report names exactly which specs, scenarios, schemas and harness
 * produced it. Encoding (chosen so the digest can be recomputed with standard tools):
 *
 *   1. every regular file under the digest roots, path relative to the repository root with '/' separators;
 *   2. sorted by the UTF-8 bytes of the path;
 *   3. one line per file, `<sha256 hex of the file's bytes>  <path>\n` (the `sha256sum` line format);
 *   4. the digest is the lower-case hex SHA-256 of those lines concatenated.
 *
 * Equivalent shell, from the root: `find specs features schemas conformance/src -type f | LC_ALL=C sort |
 * tr '\n' '\0' | xargs -0 sha256sum | sha256sum`. Symbolic links are not followed: a link could reach outside
 * the suite.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { inputInvalid } from './report-error.ts';

/** Folders, relative to the repository root, whose files make up the suite. */
export const SUITE_DIGEST_ROOTS: readonly string[] = ['specs', 'features', 'schemas', 'conformance/src'];

export interface SuiteFileDigest {
  path: string;
  sha256: string;
}

function listFiles(rootDir: string, relative: string, into: string[]): void {
  let entries;
  try {
    entries = readdirSync(join(rootDir, relative), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw inputInvalid(`cannot list suite folder ${relative}`, [], error);
  }
  for (const entry of entries) {
    const path = `${relative}/${entry.name}`;
    if (entry.isDirectory()) listFiles(rootDir, path, into);
    else if (entry.isFile()) into.push(path);
  }
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The per-file digests that suiteDigest() combines, in digest order. */
export function suiteFileDigests(rootDir: string, roots: readonly string[] = SUITE_DIGEST_ROOTS): SuiteFileDigest[] {
  const paths: string[] = [];
  for (const root of roots) listFiles(rootDir, root.replace(/\/+$/, ''), paths);
  // sha256sum escapes these characters, which would make the shell form disagree: refuse them instead.
  const unencodable = paths.filter((path) => /[\n\r\\]/.test(path));
  if (unencodable.length > 0) throw inputInvalid('suite file names may not contain newlines or backslashes', unencodable);
  paths.sort(compareUtf8);
  const digests: SuiteFileDigest[] = [];
  for (const path of paths) {
    const bytes = readFileSync(join(rootDir, path));
    digests.push({ path, sha256: bytesToHex(sha256(bytes)) });
  }
  return digests;
}

/** Lower-case hex SHA-256 identifying the suite content under `rootDir` (see the encoding above). */
export function suiteDigest(rootDir: string, roots: readonly string[] = SUITE_DIGEST_ROOTS): string {
  const files = suiteFileDigests(rootDir, roots);
  const listing = files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
  return bytesToHex(sha256(utf8ToBytes(listing)));
}
