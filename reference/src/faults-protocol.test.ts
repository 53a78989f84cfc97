import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestModel } from './test-support/fixture-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { assertError, call } from './test-support/inject.ts';

// Error envelope and protocol-level faults (SPEC-007).
const tiny = buildTestModel({ name: 'tiny', dModel: 4, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 2, topK: [1, 1, 1] });

let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

interface Envelope {
  error: { code?: string; domain: string; message: string; retryable: boolean };
}

test('error.no-code: error envelopes lose their code', async () => {
  const [clean, faulty] = await bench.pair('error.no-code');
  assert.equal((await call(clean, 'GET', '/v1/none')).json<Envelope>().error.code, 'E_PROTOCOL_NOT_FOUND');
  const envelope = (await call(faulty, 'GET', '/v1/none')).json<Envelope>();
  assert.equal('code' in envelope.error, false);
  assert.equal(envelope.error.domain, 'protocol');
});

test('error.unregistered-code: E_ROUTING_SHAPE goes out as E_ROUTING_BAD_SHAPE, other codes unchanged', async () => {
  const [clean, faulty] = await bench.pair('error.unregistered-code', { models: [tiny] });
  const shortRow = { model: 'tiny', layer: 0, hidden: [[1, 2, 3]] };
  assertError(await call(clean, 'POST', '/v1/route', { body: shortRow }), 422, 'E_ROUTING_SHAPE');
  const renamed = await call(faulty, 'POST', '/v1/route', { body: shortRow });
  assert.equal(renamed.statusCode, 422);
  assert.equal(renamed.json<Envelope>().error.code, 'E_ROUTING_BAD_SHAPE');
  assert.equal(renamed.json<Envelope>().error.domain, 'routing');
  assertError(await call(faulty, 'POST', '/v1/route', { body: { ...shortRow, layer: 3 } }), 422, 'E_ROUTING_LAYER');
});

test('error.wrong-status: codes registered with 422 come with HTTP 400', async () => {
  const [clean, faulty] = await bench.pair('error.wrong-status', { models: [tiny] });
  const badLayer = { model: 'tiny', layer: 3, hidden: [[1, 2, 3, 4]] };
  assertError(await call(clean, 'POST', '/v1/route', { body: badLayer }), 422, 'E_ROUTING_LAYER');
  const response = await call(faulty, 'POST', '/v1/route', { body: badLayer });
  assert.deepEqual([response.statusCode, response.json<Envelope>().error.code], [400, 'E_ROUTING_LAYER']);
  assertError(await call(faulty, 'PUT', '/v1/conformance/seed', { body: { seed: '01' } }), 400, 'E_CONTROL_SEED_INVALID');
  assertError(await call(faulty, 'GET', '/v1/models/none'), 404, 'E_MODEL_NOT_FOUND');
});

test('error.retryable-flip: retryable is the negation of the registry flag', async () => {
  const [clean, faulty] = await bench.pair('error.retryable-flip');
  const absent = { manifestUrl: `${bench.fixtures.baseUrl}/absent/manifest.json` };
  for (const [app, flipped] of [[clean, false], [faulty, true]] as const) {
    const fetchFailed = await call(app, 'POST', '/v1/models', { body: absent });
    assert.deepEqual([fetchFailed.statusCode, fetchFailed.json<Envelope>().error.retryable], [502, !flipped]);
    assert.equal((await call(app, 'GET', '/v1/none')).json<Envelope>().error.retryable, flipped);
  }
});

test('protocol.unknown-route-500: an unknown path is an internal error', async () => {
  const [clean, faulty] = await bench.pair('protocol.unknown-route-500');
  assertError(await call(clean, 'GET', '/v1/nope'), 404, 'E_PROTOCOL_NOT_FOUND');
  assertError(await call(faulty, 'GET', '/v1/nope'), 500, 'E_INTERNAL');
  assertError(await call(faulty, 'POST', '/v1/models/x/y', { token: null }), 500, 'E_INTERNAL');
  assert.equal((await call(faulty, 'GET', '/v1/state')).statusCode, 200);
});

test('protocol.method-as-404: a wrong method on a known path is an unknown path', async () => {
  const [clean, faulty] = await bench.pair('protocol.method-as-404');
  for (const [method, url] of [['PUT', '/v1/info'], ['PATCH', '/v1/models'], ['GET', '/v1/route']] as const) {
    assertError(await call(clean, method, url), 405, 'E_PROTOCOL_METHOD_NOT_ALLOWED');
    assertError(await call(faulty, method, url), 404, 'E_PROTOCOL_NOT_FOUND');
  }
  assert.equal((await call(faulty, 'GET', '/v1/info')).statusCode, 200);
});

test('protocol.any-media-type: a text/plain body is parsed as JSON', async () => {
  const [clean, faulty] = await bench.pair('protocol.any-media-type');
  const plain = { rawBody: '{"seed":"5"}', contentType: 'text/plain' };
  assertError(await call(clean, 'PUT', '/v1/conformance/seed', plain), 415, 'E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE');
  const accepted = await call(faulty, 'PUT', '/v1/conformance/seed', plain);
  assert.deepEqual([accepted.statusCode, accepted.json()], [200, { seed: '5' }]);
  assertError(await call(faulty, 'PUT', '/v1/conformance/seed', { rawBody: 'seed=5', contentType: 'text/plain' }), 400, 'E_PROTOCOL_BAD_REQUEST');
});

test('protocol.no-body-limit: a body beyond the configured limit is read', async () => {
  const [clean, faulty] = await bench.pair('protocol.no-body-limit', { server: { bodyLimitBytes: 1024 } });
  const large = { rawBody: `{"seed": "5"${' '.repeat(4096)}}` };
  assertError(await call(clean, 'PUT', '/v1/conformance/seed', large), 413, 'E_PROTOCOL_PAYLOAD_TOO_LARGE');
  assert.deepEqual((await call(faulty, 'PUT', '/v1/conformance/seed', large)).json(), { seed: '5' });
});

test('protocol.lenient-body: unknown members are dropped and types coerced', async () => {
  const [clean, faulty] = await bench.pair('protocol.lenient-body');
  for (const body of [{ seed: '5', extra: true }, { seed: 5 }]) {
    assertError(await call(clean, 'PUT', '/v1/conformance/seed', { body }), 400, 'E_PROTOCOL_BAD_REQUEST');
    const response = await call(faulty, 'PUT', '/v1/conformance/seed', { body });
    assert.deepEqual([response.statusCode, response.json()], [200, { seed: '5' }]);
  }
  assertError(await call(faulty, 'PUT', '/v1/conformance/seed', { body: {} }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(faulty, 'PUT', '/v1/conformance/seed', { rawBody: '{"seed":' }), 400, 'E_PROTOCOL_BAD_REQUEST');
});

test('error.auth-after-body: a malformed body is reported before a missing credential', async () => {
  const [clean, faulty] = await bench.pair('error.auth-after-body');
  const malformed = { token: null, rawBody: '{"manifestUrl": ' };
  assertError(await call(clean, 'POST', '/v1/models', malformed), 401, 'E_AUTH_MISSING_CREDENTIAL');
  assertError(await call(faulty, 'POST', '/v1/models', malformed), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(faulty, 'PUT', '/v1/conformance/seed', { token: null, body: { seed: 1 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(faulty, 'GET', '/v1/models', { token: null }), 401, 'E_AUTH_MISSING_CREDENTIAL');
});

test('error.stack-in-message: envelope messages carry stack frames with file paths', async () => {
  const [clean, faulty] = await bench.pair('error.stack-in-message');
  const message = async (app: typeof clean) => (await call(app, 'GET', '/v1/models/none')).json<Envelope>().error.message;
  assert.doesNotMatch(await message(clean), /\n\s+at /);
  assert.match(await message(faulty), /^RuntimeError: model none is not loaded\n\s+at .*reference\/src\//);
  assertError(await call(faulty, 'GET', '/v1/models/none'), 404, 'E_MODEL_NOT_FOUND');
});
