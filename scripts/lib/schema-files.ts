// The schema corpus under schemas/: every *.schema.json outside schemas/generated/, with the $id convention that
// ties each file to its URL (`https://lite-llm.dev/schemas/<path under schemas/>`), so references resolve locally.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from './repo-files.ts';

export const SCHEMAS_DIR = 'schemas';
export const GENERATED_DIR = 'schemas/generated';
export const SCHEMA_ID_BASE = 'https://lite-llm.dev/schemas/';
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export interface SchemaFile {
  /** Repository-relative path, e.g. `schemas/model/manifest.schema.json`. */
  readonly file: string;
  /** Path under schemas/, e.g. `model/manifest.schema.json`. */
  readonly rel: string;
  /** The $id the file must declare. */
  readonly expectedId: string;
  /** Parsed JSON, or undefined when the file is not valid JSON (`parseError` says why). */
  readonly schema: Record<string, unknown> | undefined;
  readonly parseError: string | undefined;
}

export function listSchemaFiles(root: string): string[] {
  return listFiles(root, SCHEMAS_DIR, (name) => name.endsWith('.schema.json'), (dir) => dir === GENERATED_DIR);
}

export function schemaIdFor(rel: string): string {
  return `${SCHEMA_ID_BASE}${rel}`;
}

export function loadSchemaFiles(root: string): SchemaFile[] {
  return listSchemaFiles(root).map((file) => {
    const rel = file.slice(SCHEMAS_DIR.length + 1);
    const base = { file, rel, expectedId: schemaIdFor(rel) };
    try {
      const parsed: unknown = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return { ...base, schema: undefined, parseError: 'a schema file must hold a JSON object' };
      }
      return { ...base, schema: parsed as Record<string, unknown>, parseError: undefined };
    } catch (error) {
      return { ...base, schema: undefined, parseError: `not valid JSON: ${(error as Error).message}` };
    }
  });
}

/**
 * The schema $id a data file's `$schema` designates, when it designates one of ours: either the $id URL itself or a
 * path (relative to the data file) into schemas/. Undefined for anything else (external schemas, meta-schemas).
 */
export function schemaIdForReference(root: string, dataFile: string, reference: string): string | undefined {
  if (reference.startsWith(SCHEMA_ID_BASE)) return reference.split('#')[0];
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) return undefined;
  const target = path.resolve(path.dirname(path.join(root, dataFile)), reference.split('#')[0] ?? '');
  const rel = path.relative(path.join(root, SCHEMAS_DIR), target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return schemaIdFor(rel.split(path.sep).join('/'));
}
