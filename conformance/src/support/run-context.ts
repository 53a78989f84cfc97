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
let infoProblem: string | undefined;

export function setRuntimeInfo(value: RuntimeInfo): void {
  info = value;
  infoProblem = undefined;
}

/** Records why the info document could not be used; scenarios then fail or skip, the run itself goes on. */
export function setRuntimeInfoProblem(problem: string): void {
  info = undefined;
  infoProblem = problem;
}

/** The validated info document, or null when GET /v1/info was unavailable or invalid. */
export function runtimeInfoOrNull(): RuntimeInfo | null {
  return info ?? null;
}

export function runtimeInfo(): RuntimeInfo {
  if (info !== undefined) return info;
  throw new Error(infoProblem === undefined ? 'runtime info has not been fetched (BeforeAll hook did not run)' : `the runtime's info document is unusable: ${infoProblem}`);
}
