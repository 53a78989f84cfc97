// The SPEC-007 code registry as the harness reads it: the single source of codes, HTTP statuses and retryability.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { specsDir } from '../paths.ts';

export interface RegisteredCode {
  readonly code: string;
  readonly domain: string;
  readonly http: number;
  readonly retryable: boolean;
  readonly summary: string;
}

let codes: ReadonlyMap<string, RegisteredCode> | undefined;

export function registeredCode(code: string): RegisteredCode {
  if (codes === undefined) {
    const file = JSON.parse(readFileSync(path.join(specsDir, 'error-registry.json'), 'utf8')) as { codes: RegisteredCode[] };
    codes = new Map(file.codes.map((c) => [c.code, c]));
  }
  const entry = codes.get(code);
  // A scenario naming an unregistered code is a defect of the suite, not of the runtime.
  if (entry === undefined) throw new Error(`scenario names ${code}, which is not in specs/error-registry.json`);
  return entry;
}
