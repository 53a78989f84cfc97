// The SPEC-007 error code registry (specs/error-registry.json), read once at startup. The HTTP status, domain and
// retryable flag of every error response come from here; the runtime refuses to start if a code it can emit is
// missing, so an unregistered code can never reach a client.

import { readFileSync } from 'node:fs';
import { EMITTED_ERROR_CODES, type ErrorCode } from '../errors.ts';
import { ERROR_REGISTRY_PATH } from '../paths.ts';

export interface RegisteredError {
  code: string;
  domain: string;
  http: number;
  retryable: boolean;
}

export type ErrorRegistry = ReadonlyMap<string, RegisteredError>;

function isRegisteredError(value: unknown): value is RegisteredError {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry['code'] === 'string' &&
    typeof entry['domain'] === 'string' &&
    Number.isInteger(entry['http']) &&
    typeof entry['retryable'] === 'boolean'
  );
}

export function parseErrorRegistry(text: string): ErrorRegistry {
  const document = JSON.parse(text) as { codes?: unknown };
  if (!Array.isArray(document.codes)) throw new Error('error registry has no codes array');
  const registry = new Map<string, RegisteredError>();
  for (const entry of document.codes) {
    if (!isRegisteredError(entry)) throw new Error(`malformed error registry entry ${JSON.stringify(entry)}`);
    registry.set(entry.code, { code: entry.code, domain: entry.domain, http: entry.http, retryable: entry.retryable });
  }
  return registry;
}

/** Codes this runtime can emit that the registry does not list. */
export function unregisteredCodes(registry: ErrorRegistry): ErrorCode[] {
  return EMITTED_ERROR_CODES.filter((code) => !registry.has(code));
}

export function loadErrorRegistry(path: string = ERROR_REGISTRY_PATH): ErrorRegistry {
  const registry = parseErrorRegistry(readFileSync(path, 'utf8'));
  const missing = unregisteredCodes(registry);
  if (missing.length > 0) throw new Error(`error registry ${path} lacks codes the runtime emits: ${missing.join(', ')}`);
  return registry;
}
