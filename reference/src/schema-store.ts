// Loads the repository's JSON Schemas (draft 2020-12) from schemas/protocol and schemas/model, shared by the
// HTTP layer (request validation) and the model loader (manifest validation). The files are the contract;
// the reference holds no private copies of them.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// Both packages are CommonJS; under NodeNext their classes are the `default` member of the imported module.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
export type Ajv = InstanceType<typeof Ajv2020>;

export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const SCHEMA_ID_BASE = 'https://lite-llm.dev/schemas/';
const SCHEMA_FOLDERS = ['protocol', 'model'];

export interface JsonSchemaDocument {
  $id: string;
  [keyword: string]: unknown;
}

/** The $id of a schema file, e.g. schemaId('protocol', 'route-request'). */
export function schemaId(folder: 'protocol' | 'model', name: string): string {
  return `${SCHEMA_ID_BASE}${folder}/${name}.schema.json`;
}

/** Reads every *.schema.json of the protocol and model folders; a file without an $id is a repository error. */
export function loadSchemaDocuments(schemasDir: string = DEFAULT_SCHEMAS_DIR): JsonSchemaDocument[] {
  const documents: JsonSchemaDocument[] = [];
  for (const folder of SCHEMA_FOLDERS) {
    const dir = join(schemasDir, folder);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.schema.json')).sort()) {
      const document = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Partial<JsonSchemaDocument>;
      if (typeof document.$id !== 'string') throw new Error(`schema ${folder}/${file} has no $id`);
      documents.push(document as JsonSchemaDocument);
    }
  }
  return documents;
}

/**
 * A strict draft 2020-12 validator instance holding the given schemas, without type coercion or defaults.
 * `lenient` (a fault switch only) removes undeclared members and coerces types instead.
 */
export function createAjv(documents: readonly object[], options: { lenient?: boolean } = {}): Ajv {
  const lenient = options.lenient === true;
  const ajv = new Ajv2020({ strict: true, allErrors: false, coerceTypes: lenient, useDefaults: false, removeAdditional: lenient ? 'all' : false });
  addFormats(ajv);
  for (const document of documents) ajv.addSchema(document);
  return ajv;
}
