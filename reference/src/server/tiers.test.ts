import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { VirtualClock } from '../clock.ts';
import { FixtureServer } from '../test-support/fixture-server.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import { buildServer } from './app.ts';
import { buildModelFiles, DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { serveModelFiles } from '../test-support/forward-models.ts';

let fixtures: FixtureServer;
before(async () => {
  fixtures = await FixtureServer.start();
});
after(async () => {
  await fixtures.close();
});

const EXPERT = 3 * DEFAULT_MODEL_DESCRIPTOR.dModel * DEFAULT_MODEL_DESCRIPTOR.dFF * 4;
const SMALL = { hotBytes: 3 * EXPERT, warmBytes: 2 * EXPERT, coldBytes: 1 << 24 };

function server(): FastifyInstance {
  return buildServer({ adminToken: ADMIN, mode: 'conformance', fetchTimeoutMs: 5_000, clock: new VirtualClock() });
}

const tokens = [[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11], [200, 3]];

async function digestOf(app: FastifyInstance, model: string): Promise<string> {
  const response = await call(app, 'POST', '/v1/forward', { body: { model, sequences: tokens } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ digest: string }>().digest;
}

interface View {
  archive: string;
  hot: { experts: number; slots: number; pinned: number };
  warm: { experts: number };
  cold: { experts: number };
  counters: { hits: { hot: number; warm: number; cold: number }; misses: number; integrityFailures: number };
}

test('a tiered builtin model gives the same output digest as the resident one, with three hot slots', async () => {
  const resident = server();
  const tiered = server();
  try {
    assert.equal((await call(resident, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode, 201);
    const load = await call(tiered, 'POST', '/v1/models', { body: { builtin: 'default', tiers: SMALL } });
    assert.equal(load.statusCode, 201, load.body);
    const memory = (await call(tiered, 'GET', '/v1/memory')).json<{ usedBytes: number }>();
    const residentMemory = (await call(resident, 'GET', '/v1/memory')).json<{ usedBytes: number }>();
    assert.equal(residentMemory.usedBytes - memory.usedBytes, 2 * 16 * EXPERT - 3 * EXPERT - 2 * EXPERT, 'charged: hot slots and warm budget, not every expert');
    const before = (await call(tiered, 'GET', '/v1/tiers/default')).json<View>();
    assert.deepEqual([before.archive, before.hot.slots, before.hot.experts, before.cold.experts], ['http', 3, 0, 32]);
    const expected = await digestOf(resident, 'default');
    assert.equal(await digestOf(tiered, 'default'), expected);
    assert.equal(await digestOf(tiered, 'default'), expected, 'again, from whatever tiers the first pass left');
    const after = (await call(tiered, 'GET', '/v1/tiers/default')).json<View>();
    assert.equal(after.hot.experts, 3);
    assert.ok(after.counters.hits.cold > 0 && after.counters.misses === 0, JSON.stringify(after.counters));
    const residency = (await call(tiered, 'GET', '/v1/tiers/default/experts')).json<{ experts: { tier: string }[] }>();
    assert.equal(residency.experts.length, 32);
    assert.equal(residency.experts.filter((e) => e.tier === 'hot').length, 3);
  } finally {
    await Promise.all([resident.close(), tiered.close()]);
  }
});

test('a damaged cold file fails the forward that needs it with E_STORAGE_INTEGRITY; the next one restages it', async () => {
  const app = server();
  try {
    const url = serveModelFiles(fixtures, 'tiers/m', buildModelFiles({ ...DEFAULT_MODEL_DESCRIPTOR, name: 'm' }));
    assert.equal((await call(app, 'POST', '/v1/models', { body: { manifestUrl: url, tiers: SMALL } })).statusCode, 201);
    const expected = await digestOf(app, 'm');
    const residency = (await call(app, 'GET', '/v1/tiers/m/experts')).json<{ experts: { layer: number; expert: number; tier: string }[] }>();
    const used = residency.experts.filter((e) => e.tier !== 'cold');
    assert.ok(used.length > 0);
    assert.equal((await call(app, 'POST', '/v1/conformance/tiers/m/evict-memory', { token: ADMIN })).statusCode, 204);
    const victim = used[0]!;
    const damage = await call(app, 'POST', '/v1/conformance/tiers/m/damage', { token: ADMIN, body: { layer: victim.layer, expert: victim.expert, damage: 'flip' } });
    assert.deepEqual(damage.json(), { damaged: true });
    assertError(await call(app, 'POST', '/v1/forward', { body: { model: 'm', sequences: tokens } }), 503, 'E_STORAGE_INTEGRITY');
    assert.equal(await digestOf(app, 'm'), expected);
    const view = (await call(app, 'GET', '/v1/tiers/m')).json<View>();
    assert.equal(view.counters.integrityFailures, 1);
    assert.equal(view.counters.misses, 1, 'the damaged expert came back from the archive');
  } finally {
    await app.close();
  }
});

test('the procedural 10^12-parameter model loads without files and serves forwards equal to any other run', async () => {
  const app = server();
  const again = server();
  try {
    const load = await call(app, 'POST', '/v1/models', { body: { builtin: 'procedural-1e12' } });
    assert.equal(load.statusCode, 201, load.body);
    const model = load.json<{ parameters: number }>();
    assert.ok(model.parameters > 1e12 && model.parameters < 1.01e12, String(model.parameters));
    const view = (await call(app, 'GET', '/v1/tiers/procedural-1e12')).json<View>();
    assert.equal(view.archive, 'procedural');
    const small = { hotBytes: 4 * 3 * 64 * 2048 * 4, warmBytes: 0, coldBytes: 0 };
    assert.equal((await call(again, 'POST', '/v1/models', { body: { builtin: 'procedural-1e12', tiers: small } })).statusCode, 201);
    const body = { model: 'procedural-1e12', sequences: [[5, 6, 7]] };
    const [a, b] = await Promise.all([call(app, 'POST', '/v1/forward', { body }), call(again, 'POST', '/v1/forward', { body })]);
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(a.json<{ digest: string }>().digest, b.json<{ digest: string }>().digest, 'same digest whatever the budgets');
  } finally {
    await Promise.all([app.close(), again.close()]);
  }
});

test('tier requests are refused with registered codes', async () => {
  const app = server();
  try {
    assertError(await call(app, 'POST', '/v1/models', { body: { builtin: 'default', tiers: { hotBytes: EXPERT - 1, warmBytes: 0, coldBytes: 0 } } }), 507, 'E_STORAGE_BUDGET');
    assertError(await call(app, 'GET', '/v1/tiers/default'), 404, 'E_MODEL_NOT_FOUND');
    assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default', tiers: SMALL } })).statusCode, 201);
    assertError(await call(app, 'PUT', '/v1/tiers/default/pins/2/0'), 422, 'E_STORAGE_EXPERT');
    assertError(await call(app, 'PUT', '/v1/tiers/default/pins/0/01'), 422, 'E_STORAGE_EXPERT');
    assert.equal((await call(app, 'PUT', '/v1/tiers/default/pins/0/5')).statusCode, 204);
    assert.equal((await call(app, 'PUT', '/v1/tiers/default/pins/1/5')).statusCode, 204);
    assertError(await call(app, 'PUT', '/v1/tiers/default/pins/1/6'), 507, 'E_STORAGE_BUDGET');
    const view = (await call(app, 'GET', '/v1/tiers/default')).json<View>();
    assert.equal(view.hot.pinned, 2);
    assert.equal((await call(app, 'DELETE', '/v1/tiers/default/pins/1/5')).statusCode, 204);
    assertError(await call(app, 'POST', '/v1/conformance/tiers/default/damage', { token: ADMIN, body: { layer: 0, expert: 0 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  } finally {
    await app.close();
  }
});

test('tier views validate against their schemas, resident and tiered', async () => {
  const app = server();
  try {
    await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
    assertSchema('tiers', (await call(app, 'GET', '/v1/tiers/default')).json());
    assertSchema('tier-residency', (await call(app, 'GET', '/v1/tiers/default/experts')).json());
    await call(app, 'DELETE', '/v1/models/default');
    await call(app, 'POST', '/v1/models', { body: { builtin: 'default', tiers: SMALL } });
    await digestOf(app, 'default');
    assertSchema('tiers', (await call(app, 'GET', '/v1/tiers/default')).json());
    assertSchema('tier-residency', (await call(app, 'GET', '/v1/tiers/default/experts')).json());
  } finally {
    await app.close();
  }
});
