// Compile-once schema registry: every response the harness receives is validated against its schema
// (REQ-000: responses conform to the protocol schemas). Schemas are loaded from schemas/ by their $id.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { schemasDir } from '../paths.ts';

// ajv-formats is CommonJS; under ESM its callable export sits on `.default`.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** $id prefix of every project schema; the rest of the $id is its path under schemas/. */
export const SCHEMA_ID_BASE = 'https://lite-llm.dev/schemas/';

function listSchemaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'generated') out.push(...listSchemaFiles(full));
    } else if (name.endsWith('.schema.json')) {
      out.push(full);
    }
  }
  return out;
}

export interface SchemaCheck {
  readonly valid: boolean;
  readonly errors: readonly ErrorObject[];
}

export class SchemaRegistry {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir: string = schemasDir) {
    this.ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(this.ajv);
    for (const file of listSchemaFiles(dir)) {
      this.ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
    }
  }

  /** Short names such as `protocol/info` map to `https://lite-llm.dev/schemas/protocol/info.schema.json`. */
  static idFor(name: string): string {
    return name.startsWith('http') ? name : `${SCHEMA_ID_BASE}${name}.schema.json`;
  }

  check(name: string, data: unknown): SchemaCheck {
    const id = SchemaRegistry.idFor(name);
    let validate = this.compiled.get(id);
    if (validate === undefined) {
      const found = this.ajv.getSchema(id);
      if (found === undefined) throw new Error(`no schema registered with $id ${id}`);
      validate = found;
      this.compiled.set(id, validate);
    }
    const valid = validate(data);
    return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
  }
}

export function describeSchemaErrors(errors: readonly ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ');
}
