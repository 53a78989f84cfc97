// Generic protocol steps: credentials, raw requests, statuses, the error envelope, unchanged state.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { registeredCode } from '../support/error-registry.ts';
import { tokenOf, type Principal } from '../support/principals.ts';
import { captureState, describeStateChange, type ObservableState } from '../support/state-snapshot.ts';
import type { ConformanceWorld } from '../support/world.ts';

const STATE_BEFORE = 'state before the last request';

/** Sends a request after recording the observable state, so "the state is unchanged" can be checked later. */
export async function sendRecorded(
  world: ConformanceWorld,
  principal: Principal,
  options: { method: string; path: string; body?: unknown; rawBody?: string; contentType?: string },
): Promise<void> {
  world.remembered.set(STATE_BEFORE, await captureState(world));
  world.last = await world.api.request({ ...options, token: tokenOf(world, principal) });
}

Given('a tenant {string} is provisioned', async function (this: ConformanceWorld, name: string) {
  const response = await this.api.request({ method: 'POST', path: '/v1/conformance/tenants', token: this.token('admin'), body: { name } });
  assert.equal(response.status, 201, `provisioning tenant ${name}: status ${response.status} ${response.text}`);
  const body = this.api.validate<{ tenant: string; token: string }>(response, 'protocol/tenant-response', 'POST /v1/conformance/tenants');
  assert.equal(body.tenant, name);
  this.tokens.set(name, body.token);
});

When('{principal} sends {word} {string}', async function (this: ConformanceWorld, who: Principal, method: string, path: string) {
  await sendRecorded(this, who, { method, path });
});

When(
  '{principal} sends {word} {string} with body:',
  async function (this: ConformanceWorld, who: Principal, method: string, path: string, body: string) {
    await sendRecorded(this, who, { method, path, rawBody: body });
  },
);

When(
  '{principal} sends {word} {string} with content type {string} and body:',
  async function (this: ConformanceWorld, who: Principal, method: string, path: string, contentType: string, body: string) {
    await sendRecorded(this, who, { method, path, rawBody: body, contentType });
  },
);

When(
  '{principal} sends {word} {string} with a body of {int} bytes',
  async function (this: ConformanceWorld, who: Principal, method: string, path: string, size: number) {
    // A syntactically valid JSON document of exactly `size` bytes: a string padded with spaces.
    const rawBody = `{"pad":"${'x'.repeat(Math.max(0, size - 10))}"}`;
    await sendRecorded(this, who, { method, path, rawBody });
  },
);

Then('the response status is {int}', function (this: ConformanceWorld, status: number) {
  assert.equal(this.last.status, status, `expected status ${status}, got ${this.last.status}: ${this.last.text.slice(0, 500)}`);
});

Then('the response conforms to the {string} schema', function (this: ConformanceWorld, schema: string) {
  assert.ok(this.last.status >= 200 && this.last.status < 300, `expected success, got ${this.last.status}: ${this.last.text.slice(0, 500)}`);
  this.api.validate(this.last, schema, 'response');
});

/** SPEC-007: the envelope carries the registered code, its domain and retryability, with the registered status. */
export function assertFailsWith(world: ConformanceWorld, code: string): void {
  const expected = registeredCode(code);
  const response = world.last;
  assert.ok(response.status >= 400, `expected ${code} (HTTP ${expected.http}), got success ${response.status}: ${response.text.slice(0, 300)}`);
  const envelope = world.api.validate<{ error: { code: string; domain: string; retryable: boolean } }>(response, null, 'error response');
  assert.equal(envelope.error.code, code, `expected ${code}, got ${envelope.error.code} (status ${response.status})`);
  assert.equal(response.status, expected.http, `${code} must be answered with HTTP ${expected.http}, got ${response.status}`);
  assert.equal(envelope.error.domain, expected.domain, `${code} belongs to domain ${expected.domain}`);
  assert.equal(envelope.error.retryable, expected.retryable, `${code} has retryable=${expected.retryable}`);
}

async function assertStateUnchanged(world: ConformanceWorld): Promise<void> {
  const before = world.recall<ObservableState>(STATE_BEFORE);
  const change = describeStateChange(before, await captureState(world));
  assert.equal(change, null, `the failed request changed observable state:\n${change ?? ''}`);
}

Then('the request fails with {word}', function (this: ConformanceWorld, code: string) {
  assertFailsWith(this, code);
});

Then('the request fails with {word} and the state is unchanged', async function (this: ConformanceWorld, code: string) {
  assertFailsWith(this, code);
  await assertStateUnchanged(this);
});

Then('the state is unchanged', async function (this: ConformanceWorld) {
  await assertStateUnchanged(this);
});
