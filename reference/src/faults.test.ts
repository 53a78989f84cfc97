import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { checkFaultsAllowed, FAULT_NAMES, isProductionFault, parseFaults } from './faults.ts';
import { buildTestModel, manifestText } from './test-support/fixture-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { ADMIN, assertError, call } from './test-support/inject.ts';

// Fault tests are split by area: this file (info, auth, control), faults-protocol, faults-model, faults-routing, and
// the inference areas' own faults-<area>.test.ts in their folders.
const FAULT_TEST_FILES = (readdirSync(new URL('.', import.meta.url), { recursive: true }) as string[])
  .filter((path) => /(^|\/)faults[^/]*\.test\.ts$/.test(path));

let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

test('every fault switch has a test that builds a server with it', () => {
  const tested = new Set<string>();
  for (const file of FAULT_TEST_FILES) {
    const text = readFileSync(new URL(file, import.meta.url), 'utf8');
    for (const match of text.matchAll(/(?:\.|\b)pair\('([a-z0-9.-]+)'/g)) tested.add(match[1] ?? '');
  }
  assert.deepEqual([...tested].sort(), [...FAULT_NAMES].sort());
  assert.equal(new Set(FAULT_NAMES).size, FAULT_NAMES.length, 'no name listed twice');
});

test('production mode takes only protocol.production-* switches; conformance mode takes all', () => {
  assert.deepEqual(FAULT_NAMES.filter(isProductionFault), ['protocol.production-control', 'protocol.production-seed-zero']);
  assert.doesNotThrow(() => checkFaultsAllowed('production', parseFaults(['protocol.production-control'])));
  assert.throws(() => checkFaultsAllowed('production', parseFaults(['protocol.production-control', 'protocol.method-as-404'])), /protocol\.method-as-404/);
  assert.doesNotThrow(() => checkFaultsAllowed('conformance', parseFaults([...FAULT_NAMES])));
  assert.throws(() => parseFaults(['protocol.production-everything']), /unknown fault/);
});

test('info.no-core: profiles omit core', async () => {
  const [clean, faulty] = await bench.pair('info.no-core');
  assert.deepEqual((await call(clean, 'GET', '/v1/info')).json<{ profiles: string[] }>().profiles, ['core']);
  assert.deepEqual((await call(faulty, 'GET', '/v1/info')).json<{ profiles: string[] }>().profiles, []);
});

test('info.requires-auth: GET /v1/info needs a credential', async () => {
  const [clean, faulty] = await bench.pair('info.requires-auth');
  assert.equal((await call(clean, 'GET', '/v1/info', { token: null })).statusCode, 200);
  assertError(await call(faulty, 'GET', '/v1/info', { token: null }), 401, 'E_AUTH_MISSING_CREDENTIAL');
  assertError(await call(faulty, 'GET', '/v1/info', { token: 'bogus-token' }), 401, 'E_AUTH_INVALID_CREDENTIAL');
  assert.equal((await call(faulty, 'GET', '/v1/info')).statusCode, 200);
});

test('info.limits-below-core: maxManifestBytes below 65536, declared and enforced', async () => {
  const [clean, faulty] = await bench.pair('info.limits-below-core');
  const limits = async (app: typeof clean) => (await call(app, 'GET', '/v1/info')).json<{ limits: Record<string, number> }>().limits;
  assert.equal((await limits(clean))['maxManifestBytes'], 1048576);
  assert.equal((await limits(faulty))['maxManifestBytes'], 32768);
  assert.deepEqual({ ...(await limits(faulty)), maxManifestBytes: 0 }, { ...(await limits(clean)), maxManifestBytes: 0 }, 'other limits unchanged');
  const model = buildTestModel({ name: 'padded', dModel: 4, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 2, topK: [1, 1, 1] });
  const url = bench.fixtures.serveModel('below-core/padded', model, { manifest: manifestText(model).padEnd(40_000, ' ') });
  assert.equal((await call(clean, 'POST', '/v1/models', { body: { manifestUrl: url } })).statusCode, 201);
  assertError(await call(faulty, 'POST', '/v1/models', { body: { manifestUrl: url } }), 422, 'E_MODEL_LIMIT');
});

test('auth.runtime-open: the runtime API answers requests without a credential', async () => {
  const [clean, faulty] = await bench.pair('auth.runtime-open');
  assertError(await call(clean, 'GET', '/v1/models', { token: null }), 401, 'E_AUTH_MISSING_CREDENTIAL');
  assert.equal((await call(faulty, 'GET', '/v1/models', { token: null })).statusCode, 200);
  assert.equal((await call(faulty, 'GET', '/v1/state', { token: null })).statusCode, 200);
  assertError(await call(faulty, 'GET', '/v1/state', { token: 'bogus-token' }), 401, 'E_AUTH_INVALID_CREDENTIAL');
  assertError(await call(faulty, 'GET', '/v1/conformance/seed', { token: null }), 401, 'E_AUTH_MISSING_CREDENTIAL');
});

test('auth.tenant-rejected: tenant tokens are invalid on the runtime API', async () => {
  const [clean, faulty] = await bench.pair('auth.tenant-rejected');
  for (const [app, status] of [[clean, 200], [faulty, 401]] as const) {
    const { token } = (await call(app, 'POST', '/v1/conformance/tenants', { body: { name: 't1' } })).json<{ token: string }>();
    assert.equal((await call(app, 'GET', '/v1/models', { token })).statusCode, status);
    assert.equal((await call(app, 'GET', '/v1/models')).statusCode, 200, 'admin accepted');
  }
  const { token } = (await call(faulty, 'POST', '/v1/conformance/tenants', { body: { name: 't2' } })).json<{ token: string }>();
  assertError(await call(faulty, 'GET', '/v1/state', { token }), 401, 'E_AUTH_INVALID_CREDENTIAL');
});

test('auth.control-ungated: the control API answers without a credential', async () => {
  const [clean, faulty] = await bench.pair('auth.control-ungated');
  assert.equal((await call(clean, 'GET', '/v1/conformance/seed', { token: null })).statusCode, 401);
  assert.equal((await call(faulty, 'GET', '/v1/conformance/seed', { token: null })).statusCode, 200);
});

test('protocol.production-control: the control API exists in production mode', async () => {
  const [clean, faulty] = await bench.pair('protocol.production-control', { server: { mode: 'production' } });
  assert.equal((await call(clean, 'GET', '/v1/conformance/seed')).statusCode, 404);
  assert.equal((await call(faulty, 'GET', '/v1/conformance/seed')).statusCode, 200);
});

test('control.reset-keeps-tenants: tenant tokens survive a reset, the seed does not', async () => {
  const [clean, faulty] = await bench.pair('control.reset-keeps-tenants');
  for (const [app, status] of [[clean, 401], [faulty, 200]] as const) {
    const { token } = (await call(app, 'POST', '/v1/conformance/tenants', { body: { name: 't1' } })).json<{ token: string }>();
    await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '9' } });
    assert.equal((await call(app, 'POST', '/v1/conformance/reset')).statusCode, 200);
    assert.equal((await call(app, 'GET', '/v1/state', { token })).statusCode, status);
    assert.deepEqual((await call(app, 'GET', '/v1/conformance/seed')).json(), { seed: null });
  }
});

test('control.seed-not-stored: PUT seed is echoed but not kept', async () => {
  const [clean, faulty] = await bench.pair('control.seed-not-stored');
  for (const [app, stored] of [[clean, '77'], [faulty, null]] as const) {
    assert.deepEqual((await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '77' } })).json(), { seed: '77' });
    assert.deepEqual((await call(app, 'GET', '/v1/conformance/seed')).json(), { seed: stored });
    assertError(await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '01' } }), 422, 'E_CONTROL_SEED_INVALID');
  }
});

test('control.tenant-overwrite: a duplicate name gets a new token and revokes the old one', async () => {
  const [clean, faulty] = await bench.pair('control.tenant-overwrite');
  const create = (app: typeof clean) => call(app, 'POST', '/v1/conformance/tenants', { body: { name: 't1' } });
  const first = (await create(clean)).json<{ token: string }>().token;
  assertError(await create(clean), 409, 'E_CONTROL_TENANT_EXISTS');
  assert.equal((await call(clean, 'GET', '/v1/state', { token: first })).statusCode, 200);
  const old = (await create(faulty)).json<{ token: string }>().token;
  const again = await create(faulty);
  assert.equal(again.statusCode, 201);
  const renewed = again.json<{ tenant: string; token: string }>();
  assert.equal(renewed.tenant, 't1');
  assert.notEqual(renewed.token, old);
  assertError(await call(faulty, 'GET', '/v1/state', { token: old }), 401, 'E_AUTH_INVALID_CREDENTIAL');
  assert.equal((await call(faulty, 'GET', '/v1/state', { token: renewed.token })).statusCode, 200);
  assert.equal((await call(faulty, 'GET', '/v1/state', { token: ADMIN })).statusCode, 200);
});
