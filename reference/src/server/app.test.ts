import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from './app.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import { kernelBackend } from '../native/native-kernels.ts';

const conformance = () => buildServer({ adminToken: ADMIN, mode: 'conformance' });
const production = () => buildServer({ adminToken: ADMIN, mode: 'production' });

test('GET /v1/info needs no credential and describes the reference', async () => {
  const app = conformance();
  for (const token of [null, 'garbage-token-xyz', ADMIN]) {
    const response = await call(app, 'GET', '/v1/info', { token });
    assert.equal(response.statusCode, 200);
    const info = response.json<Record<string, unknown>>();
    assertSchema('info', info);
    assert.deepEqual(info['runtime'], { name: 'lite-llm-reference', version: '0.1.0', kernels: kernelBackend().name });
    assert.deepEqual([info['mode'], info['profiles'], info['capabilities']], ['conformance', ['core'], ['models.load', 'route', 'forward', 'generate']]);
  }
  assert.equal((await call(production(), 'GET', '/v1/info')).json<{ mode: string }>().mode, 'production');
});

test('runtime API: missing, malformed and unknown credentials are 401 with the right code', async () => {
  const app = conformance();
  for (const [method, url] of [['GET', '/v1/state'], ['GET', '/v1/models'], ['GET', '/v1/models/x'], ['DELETE', '/v1/models/x']]) {
    assertError(await call(app, method!, url!, { token: null }), 401, 'E_AUTH_MISSING_CREDENTIAL');
    assertError(await call(app, method!, url!, { token: 'not-a-token-anyone-has' }), 401, 'E_AUTH_INVALID_CREDENTIAL');
  }
  const basic = await app.inject({ method: 'GET', url: '/v1/state', headers: { authorization: `Basic ${ADMIN}` } });
  assertError(basic, 401, 'E_AUTH_INVALID_CREDENTIAL');
  assert.match(String(basic.headers['www-authenticate']), /^Bearer/);
  const lowerScheme = await app.inject({ method: 'GET', url: '/v1/state', headers: { authorization: `bearer ${ADMIN}` } });
  assert.equal(lowerScheme.statusCode, 200);
  assertError(await call(app, 'POST', '/v1/route', { token: null, body: {} }), 401, 'E_AUTH_MISSING_CREDENTIAL');
});

test('tenants: admin creates them, their tokens work on the runtime API, not on the control API', async () => {
  const app = conformance();
  const created = await call(app, 'POST', '/v1/conformance/tenants', { body: { name: 't1' } });
  assert.equal(created.statusCode, 201);
  assertSchema('tenant-response', created.json());
  const { token } = created.json<{ token: string }>();
  const state = await call(app, 'GET', '/v1/state', { token });
  assert.equal(state.statusCode, 200);
  assert.deepEqual(state.json(), { state: 'ready', models: 0, since: 0 });
  assertError(await call(app, 'POST', '/v1/conformance/tenants', { body: { name: 't1' } }), 409, 'E_CONTROL_TENANT_EXISTS');
  assert.equal((await call(app, 'GET', '/v1/state', { token })).statusCode, 200, 'old token still valid');
  for (const [method, url, body] of [['POST', '/v1/conformance/reset', undefined], ['GET', '/v1/conformance/seed', undefined], ['PUT', '/v1/conformance/seed', { seed: '1' }], ['POST', '/v1/conformance/tenants', { name: 't2' }]] as const) {
    assertError(await call(app, method, url, { token, body }), 403, 'E_AUTH_FORBIDDEN');
    assertError(await call(app, method, url, { token: null, body }), 401, 'E_AUTH_MISSING_CREDENTIAL');
    assertError(await call(app, method, url, { token: 'nobody-has-this-token', body }), 401, 'E_AUTH_INVALID_CREDENTIAL');
  }
  assert.deepEqual((await call(app, 'GET', '/v1/conformance/seed')).json(), { seed: null }, 'forbidden PUT changed nothing');
  assertError(await call(app, 'POST', '/v1/conformance/tenants', { body: { name: 'Bad Name' } }), 400, 'E_PROTOCOL_BAD_REQUEST');
});

test('seed override: set, echoed, read back, validated, cleared by reset', async () => {
  const app = conformance();
  assert.deepEqual((await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '18446744073709551615' } })).json(), { seed: '18446744073709551615' });
  for (const seed of ['18446744073709551616', '007', '-1', '', '1.5']) {
    assertError(await call(app, 'PUT', '/v1/conformance/seed', { body: { seed } }), 422, 'E_CONTROL_SEED_INVALID');
  }
  assertError(await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: 42 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assert.deepEqual((await call(app, 'GET', '/v1/conformance/seed')).json(), { seed: '18446744073709551615' });
  const { token } = (await call(app, 'POST', '/v1/conformance/tenants', { body: { name: 't1' } })).json<{ token: string }>();
  const reset = await call(app, 'POST', '/v1/conformance/reset');
  assert.deepEqual([reset.statusCode, reset.json()], [200, { reset: true }]);
  assert.deepEqual((await call(app, 'POST', '/v1/conformance/reset', { body: {} })).json(), { reset: true });
  assertError(await call(app, 'POST', '/v1/conformance/reset', { body: { all: true } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assert.deepEqual((await call(app, 'GET', '/v1/conformance/seed')).json(), { seed: null });
  assertError(await call(app, 'GET', '/v1/state', { token }), 401, 'E_AUTH_INVALID_CREDENTIAL');
});

test('production mode: every control path and method is an unknown path, whatever the credential', async () => {
  const app = production();
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    for (const url of ['/v1/conformance/reset', '/v1/conformance/seed', '/v1/conformance/tenants', '/v1/conformance/x']) {
      for (const token of [ADMIN, null]) assertError(await call(app, method, url, { token }), 404, 'E_PROTOCOL_NOT_FOUND');
    }
  }
  assert.equal((await call(app, 'GET', '/v1/state')).statusCode, 200);
});

test('protocol failures use the envelope: 404, 405, 415, 400, malformed JSON, 413', async () => {
  const app = buildServer({ adminToken: ADMIN, mode: 'conformance', bodyLimitBytes: 1024 });
  assertError(await call(app, 'GET', '/v1/nothing-here'), 404, 'E_PROTOCOL_NOT_FOUND');
  assertError(await call(app, 'GET', '/'), 404, 'E_PROTOCOL_NOT_FOUND');
  const wrongMethod = await call(app, 'PATCH', '/v1/models', { rawBody: 'not json', contentType: 'text/plain' });
  assertError(wrongMethod, 405, 'E_PROTOCOL_METHOD_NOT_ALLOWED');
  assert.equal(wrongMethod.headers['allow'], 'GET, HEAD, POST');
  assertError(await call(app, 'DELETE', '/v1/info', { token: null }), 405, 'E_PROTOCOL_METHOD_NOT_ALLOWED');
  assertError(await call(app, 'GET', '/v1/route'), 405, 'E_PROTOCOL_METHOD_NOT_ALLOWED');
  assertError(await call(app, 'POST', '/v1/models', { rawBody: '{}', contentType: 'text/plain' }), 415, 'E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE');
  assertError(await app.inject({ method: 'POST', url: '/v1/models', headers: { authorization: `Bearer ${ADMIN}` }, payload: Buffer.from('{}') }), 415, 'E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE');
  assertError(await call(app, 'POST', '/v1/models', { rawBody: '{"manifestUrl": ' }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/models', { rawBody: '{"__proto__": {"x": 1}}' }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/models', { body: { manifestUrl: 'ftp://x/manifest.json' } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/models', { body: {} }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/models'), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/route', { body: { model: 'm', layer: 0.5, hidden: [[1]] } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/route', { body: { model: 'm', layer: 0, hidden: [['1']] } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/models', { body: { manifestUrl: `http://x/${'a'.repeat(2000)}` } }), 413, 'E_PROTOCOL_PAYLOAD_TOO_LARGE');
  assertError(await call(app, 'GET', '/v1/models/%E0%A4%A'), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'GET', '/v1/models/unknown'), 404, 'E_MODEL_NOT_FOUND');
  assertError(await call(app, 'POST', '/v1/route', { body: { model: 'unknown', layer: 0, hidden: [[1]] } }), 404, 'E_MODEL_NOT_FOUND');
});

test('check order of SPEC-007 §4.3: path, method, credential, media type, size, JSON and schema', async () => {
  const app = buildServer({ adminToken: ADMIN, mode: 'production', bodyLimitBytes: 2048 });
  const huge = 'x'.repeat(5000);
  assertError(await call(app, 'POST', '/v1/nothing', { token: null, rawBody: huge, contentType: 'text/plain' }), 404, 'E_PROTOCOL_NOT_FOUND');
  assertError(await call(app, 'POST', '/v1/conformance/reset', { rawBody: '{bad' }), 404, 'E_PROTOCOL_NOT_FOUND');
  assertError(await call(app, 'PUT', '/v1/models', { token: null, rawBody: huge, contentType: 'text/plain' }), 405, 'E_PROTOCOL_METHOD_NOT_ALLOWED');
  assertError(await call(app, 'POST', '/v1/models', { token: null, rawBody: huge, contentType: 'text/plain' }), 401, 'E_AUTH_MISSING_CREDENTIAL');
  assertError(await call(app, 'POST', '/v1/models', { rawBody: huge, contentType: 'text/plain' }), 415, 'E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE');
  assertError(await call(app, 'POST', '/v1/models', { rawBody: huge }), 413, 'E_PROTOCOL_PAYLOAD_TOO_LARGE');
  assertError(await call(app, 'POST', '/v1/models', { rawBody: '{"manifestUrl":1,}' }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/route', { body: { model: 'absent', layer: 0, hidden: [] } }), 404, 'E_MODEL_NOT_FOUND');
  const conformanceApp = conformance();
  const emptyPlain = await call(conformanceApp, 'POST', '/v1/conformance/reset', { rawBody: '', contentType: 'text/plain' });
  assert.equal(emptyPlain.statusCode, 200, 'an empty body is no body, whatever its declared type');
  assertError(await call(conformanceApp, 'POST', '/v1/conformance/reset', { rawBody: 'x', contentType: 'text/plain' }), 415, 'E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE');
});
