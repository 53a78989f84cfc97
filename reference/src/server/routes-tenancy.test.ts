import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_FAULTS } from '../faults.ts';
import { ADMIT_PATH, buildTenancyTestServer } from '../inference/tenants/tenancy-test-server.ts';
import { assertError, assertSchema, call } from '../test-support/inject.ts';

const QUOTA = '/v1/conformance/tenants/acme/quota';

test('GET quota of a tenant nobody limited: unlimited, nothing in use', async () => {
  const { app } = buildTenancyTestServer(NO_FAULTS);
  const response = await call(app, 'GET', QUOTA);
  assert.equal(response.statusCode, 200);
  assertSchema('tenant-quota', response.json());
  assert.deepEqual(response.json(), {
    tenant: 'acme',
    quota: { maxConcurrent: null, tokensPerMinute: null },
    usage: { queued: 0, running: 0, generatedTokens: 0, tokensAvailable: null },
  });
});

test('PUT quota answers the quota document; GET reads it back; usage follows admissions', async () => {
  const { app, tenant } = buildTenancyTestServer(NO_FAULTS);
  const token = tenant('acme');
  const put = await call(app, 'PUT', QUOTA, { body: { maxConcurrent: 2, tokensPerMinute: 100 } });
  assert.equal(put.statusCode, 200, put.body);
  assertSchema('tenant-quota', put.json());
  assert.deepEqual(put.json<{ quota: unknown }>().quota, { maxConcurrent: 2, tokensPerMinute: 100 });
  assert.equal((await call(app, 'POST', ADMIT_PATH, { token, body: { promptTokens: 4, maxTokens: 8 } })).statusCode, 202);
  const got = (await call(app, 'GET', QUOTA)).json<{ usage: unknown }>();
  assert.deepEqual(got.usage, { queued: 1, running: 0, generatedTokens: 0, tokensAvailable: 88 });
  // An absent member stays, null removes.
  const cleared = await call(app, 'PUT', QUOTA, { body: { tokensPerMinute: null } });
  assert.deepEqual(cleared.json<{ quota: unknown }>().quota, { maxConcurrent: 2, tokensPerMinute: null });
});

test('a quota refusal is 429 E_TENANT_QUOTA with Retry-After in whole seconds', async () => {
  const { app, tenant } = buildTenancyTestServer(NO_FAULTS);
  const token = tenant('acme');
  await call(app, 'PUT', QUOTA, { body: { tokensPerMinute: 1 } });
  const body = { promptTokens: 4, maxTokens: 8 };
  assert.equal((await call(app, 'POST', ADMIT_PATH, { token, body })).statusCode, 202);
  const refused = await call(app, 'POST', ADMIT_PATH, { token, body });
  assertError(refused, 429, 'E_TENANT_QUOTA');
  assert.equal(refused.headers['retry-after'], '720');
  assert.equal(refused.json<{ error: { retryable: boolean } }>().error.retryable, true);
});

test('the admin has its own quota as @admin', async () => {
  const { app } = buildTenancyTestServer(NO_FAULTS);
  await call(app, 'PUT', '/v1/conformance/tenants/@admin/quota', { body: { maxConcurrent: 1 } });
  const body = { promptTokens: 1, maxTokens: 1 };
  assert.equal((await call(app, 'POST', ADMIT_PATH, { body })).statusCode, 202);
  assertError(await call(app, 'POST', ADMIT_PATH, { body }), 429, 'E_TENANT_QUOTA');
  const view = (await call(app, 'GET', '/v1/conformance/tenants/%40admin/quota')).json<unknown>();
  assertSchema('tenant-quota', view);
});

test('bad names and bodies are refused; tenants may not use the control routes', async () => {
  const { app, tenant } = buildTenancyTestServer(NO_FAULTS);
  assertError(await call(app, 'GET', '/v1/conformance/tenants/Not_A_Name/quota'), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'PUT', QUOTA, { body: { maxConcurrent: 0 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'PUT', QUOTA, { body: { maxConcurrent: 1, burst: 3 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'PUT', QUOTA, { body: { tokensPerMinute: 1.5 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'GET', QUOTA, { token: tenant('acme') }), 403, 'E_AUTH_FORBIDDEN');
  assertError(await call(app, 'GET', QUOTA, { token: null }), 401, 'E_AUTH_MISSING_CREDENTIAL');
});

test('a control reset returns quotas to their defaults before it answers', async () => {
  const { app } = buildTenancyTestServer(NO_FAULTS);
  await call(app, 'PUT', QUOTA, { body: { maxConcurrent: 3, tokensPerMinute: 9 } });
  assert.equal((await call(app, 'POST', '/v1/conformance/reset')).statusCode, 200);
  assert.deepEqual((await call(app, 'GET', QUOTA)).json<{ quota: unknown }>().quota, { maxConcurrent: null, tokensPerMinute: null });
});
