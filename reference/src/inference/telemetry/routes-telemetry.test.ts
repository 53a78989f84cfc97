import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { VirtualClock } from '../../clock.ts';
import { RuntimeError } from '../../errors.ts';
import { NO_FAULTS, parseFaults, type FaultSet } from '../../faults.ts';
import { AccessGuards } from '../../server/auth-hooks.ts';
import { Credentials, type Principal } from '../../server/credentials.ts';
import { ErrorResponder } from '../../server/error-envelope.ts';
import { loadErrorRegistry } from '../../server/error-registry.ts';
import { registerTelemetryRoutes } from '../../server/routes-telemetry.ts';
import type { RuntimeContext } from '../../server/runtime-context.ts';
import { assertError, assertSchema, call, ADMIN } from '../../test-support/inject.ts';
import { readExposition, sampleValue } from './exposition-reader.ts';
import { createTelemetry, type Telemetry } from './index.ts';

// A small server holding only what the telemetry routes need: credentials, guards, the error envelope, a service
// that knows which tenant owns which generation, and one ordinary route with a path parameter.
interface Bench {
  app: FastifyInstance;
  telemetry: Telemetry;
  clock: VirtualClock;
  tokens: { t1: string; t2: string };
}

async function bench(options: { faults?: FaultSet; metricsOpen?: boolean } = {}): Promise<Bench> {
  const faults = options.faults ?? NO_FAULTS;
  const clock = new VirtualClock();
  const credentials = new Credentials(ADMIN);
  const tokens = { t1: credentials.createTenant('t1'), t2: credentials.createTenant('t2') };
  const errors = new ErrorResponder(loadErrorRegistry(), faults);
  const ctx = { credentials, access: new AccessGuards(credentials, faults), errors } as unknown as RuntimeContext;
  const telemetry = createTelemetry({ clock, faults, metricsOpen: options.metricsOpen === true });
  const owners = new Map([['gen-000000001', 't1']]);
  const service = {
    find(principal: Principal, id: string) {
      const owner = owners.get(id);
      if (owner === undefined || (principal.kind === 'tenant' && principal.tenant !== owner)) throw new RuntimeError('E_GENERATION_NOT_FOUND', `no generation ${id}`);
      return { id } as never;
    },
  };
  const app = Fastify({ logger: false });
  errors.install(app);
  app.get<{ Params: { id: string } }>('/v1/generations/:id', { ...ctx.access.runtime }, async (request) => {
    await clock.sleep(40);
    return { id: request.params.id };
  });
  registerTelemetryRoutes(app, ctx, telemetry, service);
  const ref = { id: 'gen-000000001', tenant: 't1', model: 'default' };
  telemetry.observer.queued(ref, 0, 5);
  telemetry.observer.admitted(ref, 2, 0);
  telemetry.observer.token(ref, 3, 0);
  telemetry.observer.token(ref, 4, 1);
  telemetry.observer.finished(ref, 5, 'length', { promptTokens: 5, completionTokens: 2, cachedTokens: 0 });
  await app.ready();
  return { app, telemetry, clock, tokens };
}

test('GET /metrics is Prometheus text for the admin, refused to tenants and anonymous callers', async () => {
  const { app, tokens } = await bench();
  const response = await call(app, 'GET', '/metrics');
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  assert.equal(sampleValue(readExposition(response.body), 'litellm_generations_total', { outcome: 'length' }), 1);
  assertError(await call(app, 'GET', '/metrics', { token: tokens.t1 }), 403, 'E_AUTH_FORBIDDEN');
  assertError(await call(app, 'GET', '/metrics', { token: null }), 401, 'E_AUTH_MISSING_CREDENTIAL');
});

test('--metrics-open serves GET /metrics without a credential', async () => {
  const { app } = await bench({ metricsOpen: true });
  assert.equal((await call(app, 'GET', '/metrics', { token: null })).statusCode, 200);
});

test('answered requests are counted under their route pattern and timed on the runtime clock', async () => {
  const { app, tokens } = await bench();
  await call(app, 'GET', '/v1/generations/abc-secret-id', { token: tokens.t1 });
  await call(app, 'GET', '/v1/generations/other-id', { token: tokens.t2 });
  await call(app, 'GET', '/v1/generations/abc-secret-id', { token: null });
  await call(app, 'GET', '/no/such/path/secret');
  const text = (await call(app, 'GET', '/metrics')).body;
  const f = readExposition(text);
  const route = '/v1/generations/{id}';
  assert.equal(sampleValue(f, 'litellm_http_requests_total', { route, method: 'GET', status: '200' }), 2);
  assert.equal(sampleValue(f, 'litellm_http_requests_total', { route, method: 'GET', status: '401' }), 1);
  assert.equal(sampleValue(f, 'litellm_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' }), 1);
  // The two answered requests each slept 40 ms of virtual time; the refused one none.
  assert.equal(sampleValue(f, 'litellm_http_request_duration_seconds_bucket', { route, method: 'GET', le: '0.025' }), 1);
  assert.equal(sampleValue(f, 'litellm_http_request_duration_seconds_bucket', { route, method: 'GET', le: '0.05' }), 3);
  assert.doesNotMatch(text, /secret|other-id/);
});

test('a trace is served to its tenant and the admin, and is absent for anyone else', async () => {
  const { app, tokens } = await bench();
  const own = await call(app, 'GET', '/v1/generations/gen-000000001/trace', { token: tokens.t1 });
  assert.equal(own.statusCode, 200, own.body);
  assertSchema('generation-trace', own.json());
  assert.deepEqual(own.json<{ spans: unknown[] }>().spans, [
    { name: 'queue', start: 0, end: 2 },
    { name: 'prefill', start: 2, end: 3, computedTokens: 5, cachedTokens: 0 },
    { name: 'decode', start: 3, end: 5, tokens: 1 },
  ]);
  assert.equal((await call(app, 'GET', '/v1/generations/gen-000000001/trace')).statusCode, 200);
  assertError(await call(app, 'GET', '/v1/generations/gen-000000001/trace', { token: tokens.t2 }), 404, 'E_GENERATION_NOT_FOUND');
  assertError(await call(app, 'GET', '/v1/generations/gen-unknown-01/trace', { token: tokens.t1 }), 404, 'E_GENERATION_NOT_FOUND');
});

test('faults: raw paths as route labels, metrics open to tenants, traces open to any tenant', async () => {
  const raw = await bench({ faults: parseFaults(['telemetry.raw-url-label']) });
  await call(raw.app, 'GET', '/v1/generations/abc-secret-id', { token: raw.tokens.t1 });
  assert.match((await call(raw.app, 'GET', '/metrics')).body, /route="\/v1\/generations\/abc-secret-id"/);
  const open = await bench({ faults: parseFaults(['telemetry.metrics-open-to-tenants']) });
  assert.equal((await call(open.app, 'GET', '/metrics', { token: open.tokens.t2 })).statusCode, 200);
  const any = await bench({ faults: parseFaults(['telemetry.trace-any-tenant']) });
  assert.equal((await call(any.app, 'GET', '/v1/generations/gen-000000001/trace', { token: any.tokens.t2 })).statusCode, 200);
});
