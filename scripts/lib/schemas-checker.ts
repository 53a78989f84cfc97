// Compiles every schema in one strict ajv 2020-12 instance and validates every JSON data file that names one of
// them in `$schema`. A schema that ajv's strict mode rejects would be silently weaker at runtime; this makes it fail.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { listFiles } from './repo-files.ts';
import { DRAFT_2020_12, GENERATED_DIR, loadSchemaFiles, schemaIdForReference, SCHEMAS_DIR } from './schema-files.ts';
import { problem, sortProblems, type Problem } from './problems.ts';

// ajv-formats is CommonJS; depending on the loader its plugin is the module itself or its `default`.
const formatsModule = addFormatsModule as unknown as { default?: unknown };
const addFormats = (formatsModule.default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

export interface SchemasCheckResult {
  readonly problems: readonly Problem[];
  readonly schemaCount: number;
  readonly dataFiles: readonly string[];
}

export function createStrictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

function describeAjvError(e: ErrorObject): string {
  return `${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? e.keyword} (${e.schemaPath})`;
}

/** JSON files outside schemas/ definitions that may declare a `$schema`. */
function listDataFiles(root: string): string[] {
  const notData = new Set(['package.json', 'package-lock.json']);
  return listFiles(root, '.', (name) => name.endsWith('.json') && !notData.has(name) && !name.endsWith('.schema.json'), (dir) => dir === GENERATED_DIR);
}

export function checkSchemas(root: string): SchemasCheckResult {
  const problems: Problem[] = [];
  const ajv = createStrictAjv();
  const loaded: { file: string; id: string }[] = [];

  for (const s of loadSchemaFiles(root)) {
    if (s.schema === undefined) {
      problems.push(problem(s.file, 1, 'schema.json', s.parseError ?? 'unreadable'));
      continue;
    }
    if (s.schema['$schema'] !== DRAFT_2020_12) {
      problems.push(problem(s.file, 1, 'schema.dialect', `$schema must be "${DRAFT_2020_12}"`));
      continue;
    }
    if (s.schema['$id'] !== s.expectedId) {
      problems.push(problem(s.file, 1, 'schema.id', `$id must be "${s.expectedId}" (found ${JSON.stringify(s.schema['$id'])})`));
      continue;
    }
    try {
      ajv.addSchema(s.schema);
      loaded.push({ file: s.file, id: s.expectedId });
    } catch (error) {
      problems.push(problem(s.file, 1, 'schema.invalid', (error as Error).message));
    }
  }

  // Compiling resolves every $ref and applies strict mode (unknown keywords, ambiguous types, unused required).
  const compiled = new Set<string>();
  for (const { file, id } of loaded) {
    try {
      if (ajv.getSchema(id) !== undefined) compiled.add(id);
    } catch (error) {
      problems.push(problem(file, 1, 'schema.compile', (error as Error).message));
    }
  }

  const dataFiles: string[] = [];
  for (const file of listDataFiles(root)) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
    } catch {
      continue; // Not our concern here: only files that declare one of our schemas are checked.
    }
    const ref = (data as { $schema?: unknown } | null)?.$schema;
    if (typeof ref !== 'string') continue;
    const id = schemaIdForReference(root, file, ref);
    if (id === undefined) continue;
    dataFiles.push(file);
    if (!compiled.has(id)) {
      const why = loaded.some((l) => l.id === id) ? 'does not compile' : `is not a schema under ${SCHEMAS_DIR}/`;
      problems.push(problem(file, 1, 'data.schema-unknown', `$schema ${ref} ${why}`));
      continue;
    }
    const validate = ajv.getSchema(id);
    if (validate !== undefined && !validate(data)) {
      for (const e of validate.errors ?? []) problems.push(problem(file, 1, 'data.invalid', describeAjvError(e)));
    }
  }
  return { problems: sortProblems(problems), schemaCount: compiled.size, dataFiles };
}
