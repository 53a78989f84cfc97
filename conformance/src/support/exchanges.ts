// Sending a request as a principal, with the observable state recorded first so that "the state is unchanged"
// can be checked afterwards (SPEC-007 §4.4), and the checks every response of the protocol owes its client.
import assert from 'node:assert/strict';
import type { HttpResponse } from '../driver/http-client.ts';
import { sendAllowingEarlyAnswer } from './transport/early-answer-request.ts';
import { registeredCode } from './error-registry.ts';
import { credentialOf, type Principal } from './principals.ts';
import { captureState, describeStateChange, type ObservableState } from './state-snapshot.ts';
import type { ConformanceWorld } from './world.ts';

const STATE_BEFORE = 'state before the last request';

export interface SendOptions {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly contentType?: string;
}

/** Sends a request after recording the observable state; the response becomes the world's last response. */
export async function sendRecorded(world: ConformanceWorld, principal: Principal, options: SendOptions): Promise<void> {
  world.remembered.set(STATE_BEFORE, await captureState(world));
  world.last = await world.api.request({ ...options, ...credentialOf(world, principal) });
}

/**
 * Like sendRecorded, for a body the runtime may refuse before reading it (oversized, unauthenticated, wrong media
 * type): the runtime's early answer counts even when it closes the connection while the body is still being sent.
 */
export async function sendRecordedAllowingEarlyAnswer(
  world: ConformanceWorld,
  principal: Principal,
  options: { method: string; path: string; rawBody: string; contentType?: string },
): Promise<void> {
  world.remembered.set(STATE_BEFORE, await captureState(world));
  const credential = credentialOf(world, principal);
  const headers: Record<string, string> = { ...(credential.headers ?? {}) };
  if (credential.token !== null) headers.authorization = `Bearer ${credential.token}`;
  world.last = await sendAllowingEarlyAnswer(
    world.api,
    { method: options.method, path: options.path, body: options.rawBody, contentType: options.contentType ?? 'application/json', headers },
    world.params.requestTimeoutMs,
  );
}

export async function assertStateUnchanged(world: ConformanceWorld): Promise<void> {
  const before = world.recall<ObservableState>(STATE_BEFORE);
  const change = describeStateChange(before, await captureState(world));
  assert.equal(change, null, `the failed request changed observable state:\n${change ?? ''}`);
}

/** REQ-000-019, REQ-007-001: every response with a body is JSON, declared as application/json (parameters allowed). */
export function assertJsonMediaType(response: HttpResponse): void {
  const type = response.headers.get('content-type') ?? '';
  assert.equal(type.split(';')[0]?.trim().toLowerCase(), 'application/json', `Content-Type is "${type}", expected application/json`);
}

/** A successful response: its status, media type, and a body valid against the route's schema (none for 204). */
export function assertSucceeds(world: ConformanceWorld, response: HttpResponse, status: number, schema: string | null, what: string): unknown {
  assert.equal(response.status, status, `${what}: expected ${status}, got ${response.status}: ${response.text.slice(0, 500)}`);
  if (schema === null) {
    assert.equal(response.text, '', `${what}: a ${status} response has no body`);
    return undefined;
  }
  assertJsonMediaType(response);
  return world.api.validate(response, schema, what);
}

/** SPEC-007: the envelope carries the registered code, its domain and retryability, with the registered status. */
export function assertFailsWith(world: ConformanceWorld, code: string, response: HttpResponse = world.last): void {
  const expected = registeredCode(code);
  assert.ok(response.status >= 400, `expected ${code} (HTTP ${expected.http}), got success ${response.status}: ${response.text.slice(0, 300)}`);
  const envelope = world.api.validate<{ error: { code: string; domain: string; retryable: boolean } }>(response, null, 'error response');
  assertJsonMediaType(response);
  assert.equal(envelope.error.code, code, `expected ${code}, got ${envelope.error.code} (status ${response.status})`);
  assert.equal(response.status, expected.http, `${code} must be answered with HTTP ${expected.http}, got ${response.status}`);
  assert.equal(envelope.error.domain, expected.domain, `${code} belongs to domain ${expected.domain}`);
  assert.equal(envelope.error.retryable, expected.retryable, `${code} has retryable=${expected.retryable}`);
}
