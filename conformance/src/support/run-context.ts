// Run-wide, read-only data shared by all scenarios: compiled schemas and the runtime's info document.
import { SchemaRegistry } from '../driver/schemas.ts';

let registry: SchemaRegistry | undefined;

/** Schemas are compiled once per run (ajv compile-once, validate-many). */
export function schemaRegistry(): SchemaRegistry {
  registry ??= new SchemaRegistry();
  return registry;
}

export interface RuntimeInfo {
  readonly runtime: { readonly name: string; readonly version: string };
  readonly protocolVersion: string;
  readonly mode: string;
  readonly profiles: readonly string[];
  readonly capabilities: readonly string[];
  readonly limits: Readonly<Record<string, number>>;
}

let info: RuntimeInfo | undefined;

export function setRuntimeInfo(value: RuntimeInfo): void {
  info = value;
}

export function runtimeInfo(): RuntimeInfo {
  if (info === undefined) throw new Error('runtime info has not been fetched (BeforeAll hook did not run)');
  return info;
}
