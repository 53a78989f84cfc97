import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { VirtualClock, type Clock } from '../clock.ts';
import { buildTestModel } from '../test-support/fixture-models.ts';
import { FixtureServer } from '../test-support/fixture-server.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import { buildServer } from './app.ts';

let fixtures: FixtureServer;
let routerUrl: string;
before(async () => {
  fixtures = await FixtureServer.start();
  routerUrl = fixtures.serveModel('state/st-router', buildTestModel({ name: 'st-router', dModel: 4, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 2, topK: [1, 1, 1] }));
});
after(async () => {
  await fixtures.close();
});

const server = (clock: Clock = new VirtualClock()): FastifyInstance => buildServer({ adminToken: ADMIN, mode: 'conformance', fetchTimeoutMs: 5_000, clock });
const transition = (app: FastifyInstance, name: string) => call(app, 'POST', '/v1/conformance/state', { body: { transition: name } });
const state = async (app: FastifyInstance) => {
  const response = await call(app, 'GET', '/v1/state');
  assertSchema('state', response.json());
  return response.json<{ state: string; models: number; since: number }>();
};
const work = (app: FastifyInstance) => [
  call(app, 'POST', '/v1/forward', { body: { model: 'default', sequences: [[1, 2, 3]], trace: true } }),
  call(app, 'POST', '/v1/route', { body: { model: 'st-router', layer: 0, hidden: [[0.5, -0.25, 1, 0]] } }),
  call(app, 'POST', '/v1/models', { body: { manifestUrl: routerUrl } }),
];

test('transitions answer the state document; illegal ones are 409 E_STATE_TRANSITION and change nothing', async () => {
  const app = server();
  assert.deepEqual(await state(app), { state: 'ready', models: 0, since: 0 });
  const drained = await transition(app, 'drain');
  assert.equal(drained.statusCode, 200);
  assertSchema('state', drained.json());
  assert.deepEqual(drained.json(), { state: 'draining', models: 0, since: 1 });
  for (const illegal of ['drain', 'degrade', 'recover']) assertError(await transition(app, illegal), 409, 'E_STATE_TRANSITION');
  assert.deepEqual(await state(app), { state: 'draining', models: 0, since: 1 });
  assert.deepEqual((await transition(app, 'resume')).json(), { state: 'ready', models: 0, since: 2 });
  assert.deepEqual((await transition(app, 'degrade')).json(), { state: 'degraded', models: 0, since: 3 });
  assert.deepEqual((await transition(app, 'fail')).json(), { state: 'failed', models: 0, since: 4 });
  for (const illegal of ['drain', 'resume', 'degrade', 'recover', 'fail']) assertError(await transition(app, illegal), 409, 'E_STATE_TRANSITION');
  await call(app, 'POST', '/v1/conformance/reset');
  assert.deepEqual(await state(app), { state: 'ready', models: 0, since: 5 });
  await call(app, 'POST', '/v1/conformance/reset');
  assert.equal((await state(app)).since, 6, 'a reset in ready counts too');
  assertError(await transition(app, 'explode'), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/conformance/state', { token: null, body: { transition: 'drain' } }), 401, 'E_AUTH_MISSING_CREDENTIAL');
  const production = buildServer({ adminToken: ADMIN, mode: 'production' });
  assertError(await transition(production, 'drain'), 404, 'E_PROTOCOL_NOT_FOUND');
});

test('draining and failed refuse work with 503 (retryable) and change nothing; other routes answer as in ready', async () => {
  const app = server();
  await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
  await call(app, 'POST', '/v1/models', { body: { manifestUrl: routerUrl } });
  const readyResults = (await Promise.all(work(app))).map((r) => r.body);
  for (const refusing of ['drain', 'fail']) {
    await transition(app, refusing);
    const observed = async () => [
      await state(app), (await call(app, 'GET', '/v1/models')).body, (await call(app, 'GET', '/v1/memory')).body, (await call(app, 'GET', '/v1/info')).body,
    ];
    const before = await observed();
    for (const response of await Promise.all(work(app))) {
      assertError(response, 503, 'E_STATE_UNAVAILABLE');
      assert.equal(response.json<{ error: { retryable: boolean } }>().error.retryable, true);
    }
    assert.deepEqual(await observed(), before);
    await call(app, 'POST', '/v1/conformance/reset');
    await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
    await call(app, 'POST', '/v1/models', { body: { manifestUrl: routerUrl } });
  }
  // Degraded serves the same results; recovering serves them again.
  await transition(app, 'degrade');
  assert.deepEqual((await Promise.all(work(app))).map((r) => r.body), readyResults);
  await transition(app, 'recover');
  assert.deepEqual((await Promise.all(work(app))).map((r) => r.body), readyResults);
});

test('since changes only with transitions and resets, not with loads, deletes, work or refused requests', async () => {
  const app = server();
  await transition(app, 'degrade');
  await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
  await Promise.all(work(app));
  await call(app, 'DELETE', '/v1/models/default');
  await transition(app, 'degrade');
  await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '3' } });
  await call(app, 'PUT', '/v1/conformance/delay', { body: { perLayerMs: 0 } });
  assert.deepEqual(await state(app), { state: 'degraded', models: 1, since: 1 });
});

test('a forward admitted before a drain completes normally', async () => {
  // A clock whose first sleep (the forward's pause before layer 0, after admission) waits until released.
  const virtual = new VirtualClock();
  let paused: (() => void) | null = null;
  let release: (() => void) | null = null;
  const admitted = new Promise<void>((resolve) => { paused = resolve; });
  const gate = new Promise<void>((resolve) => { release = resolve; });
  let gated = false;
  const clock = {
    now: () => virtual.now(),
    sleep: async (ms: number) => {
      if (gated && paused !== null) {
        const signal: () => void = paused;
        paused = null;
        signal();
        await gate;
      }
      await virtual.sleep(ms);
    },
  };
  const app = server(clock);
  await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
  const expected = (await call(app, 'POST', '/v1/forward', { body: { model: 'default', sequences: [[9, 8, 7]] } })).body;
  gated = true;
  const inFlight = call(app, 'POST', '/v1/forward', { body: { model: 'default', sequences: [[9, 8, 7]] } });
  await admitted;
  const drain = await transition(app, 'drain');
  assert.equal(drain.statusCode, 200);
  release!();
  const response = await inFlight;
  assert.deepEqual([response.statusCode, response.body], [200, expected]);
  assertError(await call(app, 'POST', '/v1/forward', { body: { model: 'default', sequences: [[1]] } }), 503, 'E_STATE_UNAVAILABLE');
});
