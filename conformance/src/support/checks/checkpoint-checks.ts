// Checks of a checkpoint manifest (SPEC-029) against the file bytes the harness read through the endpoint. Each
// returns the problems it finds, none for a conforming snapshot. Everything is recomputed here from the bytes:
// SHA-256, sizes, the root digest, and the canonical JSON of a descriptor (RFC 8785 for plain JSON values).
import { createHash } from 'node:crypto';

export interface CheckpointFileEntry {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface Checkpoint {
  readonly formatVersion: number;
  readonly modelId: string;
  readonly manifestDigest: string;
  readonly files: readonly CheckpointFileEntry[];
  readonly rootDigest: string;
  readonly signature: unknown;
}

export const MODEL_MANIFEST_FILE = 'model-manifest.json';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 8785 canonical JSON of plain JSON values: members sorted by UTF-16 code units, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const names = Object.keys(record).sort();
    return `{${names.map((name) => `${JSON.stringify(name)}:${canonicalJson(record[name])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Code-point comparison of two strings (not UTF-16 code units, not locale). */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** SPEC-029 §4.1: SHA-256 over `<sha256> <size> <path>\n` per entry, in the order given. */
export function expectedRootDigest(files: readonly CheckpointFileEntry[]): string {
  return sha256Hex(Buffer.from(files.map((f) => `${f.sha256} ${f.size} ${f.path}\n`).join(''), 'utf8'));
}

/** REQ-029-002: exactly model-manifest.json and the manifest's shard paths, each once, ascending by code point. */
export function fileListProblems(checkpoint: Checkpoint, shardPaths: readonly string[]): string[] {
  const problems: string[] = [];
  const paths = checkpoint.files.map((f) => f.path);
  for (let i = 1; i < paths.length; i++) {
    if (compareCodePoints(paths[i - 1]!, paths[i]!) >= 0) problems.push(`files not strictly ascending at ${paths[i - 1]} / ${paths[i]}`);
  }
  const expected = [MODEL_MANIFEST_FILE, ...shardPaths].sort(compareCodePoints);
  const listed = [...paths].sort(compareCodePoints);
  if (expected.join('\n') !== listed.join('\n')) problems.push(`files list ${JSON.stringify(listed)}, expected ${JSON.stringify(expected)}`);
  return problems;
}

/** REQ-029-003: each entry's size and SHA-256 are those of the bytes read for its path. */
export function fileDigestProblems(checkpoint: Checkpoint, bytesByPath: ReadonlyMap<string, Uint8Array>): string[] {
  const problems: string[] = [];
  for (const file of checkpoint.files) {
    const bytes = bytesByPath.get(file.path);
    if (bytes === undefined) problems.push(`${file.path} was not read`);
    else if (bytes.length !== file.size) problems.push(`${file.path}: ${bytes.length} bytes read, ${file.size} listed`);
    else if (sha256Hex(bytes) !== file.sha256) problems.push(`${file.path}: SHA-256 ${sha256Hex(bytes)} read, ${file.sha256} listed`);
  }
  return problems;
}

/** REQ-029-004 */
export function rootDigestProblems(checkpoint: Checkpoint): string[] {
  const expected = expectedRootDigest(checkpoint.files);
  return expected === checkpoint.rootDigest ? [] : [`rootDigest ${checkpoint.rootDigest}, recomputed ${expected}`];
}

/** REQ-029-005: the Model's digest, and either digest of the stored model manifest. */
export function manifestDigestProblems(checkpoint: Checkpoint, manifestBytes: Uint8Array, modelDigest: string): string[] {
  const problems: string[] = [];
  if (checkpoint.manifestDigest !== modelDigest) problems.push(`manifestDigest ${checkpoint.manifestDigest}, the Model reported ${modelDigest}`);
  const descriptor = (JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as { descriptor?: unknown }).descriptor;
  const allowed = [sha256Hex(manifestBytes), sha256Hex(Buffer.from(canonicalJson(descriptor), 'utf8'))];
  if (!allowed.includes(checkpoint.manifestDigest)) problems.push(`manifestDigest is neither ${allowed.join(' nor ')}`);
  return problems;
}
