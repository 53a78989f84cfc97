// Helpers for driving a built server with app.inject and checking bodies against the protocol schemas.

import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createAjv, loadSchemaDocuments, schemaId } from '../schema-store.ts';

export const ADMIN = 'admin-token-for-tests-0001';

const ajv = createAjv(loadSchemaDocuments());

/** Asserts that `body` validates against schemas/protocol/<name>.schema.json. */
export function assertSchema(name: string, body: unknown): void {
  const validate = ajv.getSchema(schemaId('protocol', name));
  assert.ok(validate, `schema ${name} exists`);
  assert.ok(validate(body), `${name}: ${JSON.stringify(validate.errors)} for ${JSON.stringify(body).slice(0, 300)}`);
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

export async function call(app: FastifyInstance, method: string, url: string, options: CallOptions = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? ADMIN : options.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined || options.contentType !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  return app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
}

/** Asserts a non-2xx response carries the envelope with `code` and the registry's status; returns the envelope. */
export function assertError(response: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(response.statusCode, status, `status for ${code}: ${response.body}`);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  const body = response.json<{ error: { code: string } }>();
  assertSchema('error-envelope', body);
  assert.equal(body.error.code, code);
}
