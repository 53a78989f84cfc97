import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildTestModel, type TestModel } from '../test-support/fixture-models.ts';
import { FixtureServer } from '../test-support/fixture-server.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import { buildServer, type ServerOptions } from './app.ts';

let fixtures: FixtureServer;
before(async () => {
  fixtures = await FixtureServer.start();
});
after(async () => {
  await fixtures.close();
});

const DEFAULT_BYTES = 4 * 235040;
// parameters = L·(T + T·G + T·G·E)·d: 1·(2 + 4 + 16)·4 = 88 and 1·(2 + 4 + 32)·8 = 304.
const small = (name: string): TestModel => buildTestModel({ name, dModel: 4, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 4, topK: [1, 1, 2] });
const wide = (name: string): TestModel => buildTestModel({ name, dModel: 8, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 8, topK: [1, 1, 2] });

function server(options: Partial<ServerOptions> = {}): FastifyInstance {
  return buildServer({ adminToken: ADMIN, mode: 'conformance', fetchTimeoutMs: 5_000, ...options });
}

interface Memory { budgetBytes: number; usedBytes: number; models: { id: string; bytes: number }[] }
const memory = async (app: FastifyInstance): Promise<Memory> => {
  const response = await call(app, 'GET', '/v1/memory');
  assert.equal(response.statusCode, 200);
  assertSchema('memory', response.json());
  return response.json<Memory>();
};
const load = (app: FastifyInstance, url: string) => call(app, 'POST', '/v1/models', { body: { manifestUrl: url } });
const setBudget = (app: FastifyInstance, bytes: number) => call(app, 'PUT', '/v1/conformance/memory-budget', { body: { bytes } });

test('GET /v1/memory accounts 4 bytes per parameter per model, sorted by id; repeats count once, deletes give back', async () => {
  const app = server({ limits: { memoryBudgetBytes: 16 * 1024 * 1024 } });
  assert.deepEqual(await memory(app), { budgetBytes: 16 * 1024 * 1024, usedBytes: 0, models: [] });
  assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode, 201);
  assert.equal((await load(app, fixtures.serveModel('mem/a-small', small('a-small')))).statusCode, 201);
  assert.equal((await load(app, fixtures.serveModel('mem/a-small', small('a-small')))).statusCode, 200);
  assert.deepEqual(await memory(app), {
    budgetBytes: 16 * 1024 * 1024, usedBytes: DEFAULT_BYTES + 352, models: [{ id: 'a-small', bytes: 352 }, { id: 'default', bytes: DEFAULT_BYTES }],
  });
  assert.equal((await call(app, 'DELETE', '/v1/models/default')).statusCode, 204);
  assert.deepEqual((await memory(app)).usedBytes, 352);
});

test('a load that does not fit is 507 E_MEMORY_BUDGET before any shard is fetched, and changes nothing; an exact fit loads', async () => {
  const app = server();
  await load(app, fixtures.serveModel('fit/keep', small('keep')));
  assert.equal((await setBudget(app, 352 + 1216 - 1)).statusCode, 200);
  const observe = async () => [await memory(app), (await call(app, 'GET', '/v1/models')).body, (await call(app, 'GET', '/v1/state')).body];
  const before = await observe();
  const url = fixtures.serveModel('fit/wide', wide('wide'));
  const seen = fixtures.requests.length;
  assertError(await load(app, url), 507, 'E_MEMORY_BUDGET');
  assert.deepEqual(fixtures.requests.slice(seen), ['/fit/wide/manifest.json'], 'only the manifest was fetched');
  assert.deepEqual(await observe(), before);
  assert.equal((await setBudget(app, 352 + 1216)).statusCode, 200);
  assert.equal((await load(app, url)).statusCode, 201);
  assert.deepEqual((await memory(app)).usedBytes, 352 + 1216);
});

test('concurrent loads never overcommit: under a budget for either alone, exactly one of two loads succeeds', async () => {
  for (let round = 0; round < 5; round++) {
    const app = server({ limits: { memoryBudgetBytes: 16 * 1024 * 1024 } });
    await setBudget(app, 1216);
    const urls = [fixtures.serveModel(`race${round}/r-small`, small('r-small')), fixtures.serveModel(`race${round}/r-wide`, wide('r-wide'))];
    const outcomes = await Promise.all(urls.map((url) => load(app, url)));
    const codes = outcomes.map((response) => response.statusCode).sort();
    assert.deepEqual(codes, [201, 507]);
    const state = await memory(app);
    assert.ok(state.usedBytes <= state.budgetBytes);
    assert.equal(state.models.length, 1);
  }
});

test('the budget moves through the control API, not below the bytes in use; reset restores the declared budget', async () => {
  const app = server({ limits: { memoryBudgetBytes: 16 * 1024 * 1024 } });
  await load(app, fixtures.serveModel('budget/b', small('b')));
  const lowered = await setBudget(app, 352);
  assert.equal(lowered.statusCode, 200);
  assertSchema('memory', lowered.json());
  assert.deepEqual(lowered.json(), { budgetBytes: 352, usedBytes: 352, models: [{ id: 'b', bytes: 352 }] });
  assertError(await setBudget(app, 351), 507, 'E_MEMORY_BUDGET');
  assert.equal((await memory(app)).budgetBytes, 352);
  assert.equal((await setBudget(app, 64 * 1024 * 1024)).json<Memory>().budgetBytes, 64 * 1024 * 1024);
  const info = (await call(app, 'GET', '/v1/info')).json<{ limits: { memoryBudgetBytes: number } }>();
  assert.equal(info.limits.memoryBudgetBytes, 16 * 1024 * 1024, 'info keeps the declared budget');
  await call(app, 'POST', '/v1/conformance/reset');
  assert.deepEqual(await memory(app), { budgetBytes: 16 * 1024 * 1024, usedBytes: 0, models: [] });
  assertError(await call(app, 'PUT', '/v1/conformance/memory-budget', { body: { bytes: -1 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'PUT', '/v1/conformance/memory-budget', { token: null, body: { bytes: 1 } }), 401, 'E_AUTH_MISSING_CREDENTIAL');
});
