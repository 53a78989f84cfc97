import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { VirtualClock } from '../clock.ts';
import { tokenFlops, tokenParameterBytes } from '../model/compute-accounting.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { buildTestModel } from '../test-support/fixture-models.ts';
import { FixtureServer } from '../test-support/fixture-server.ts';
import { sequenceOf } from '../test-support/forward-models.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import { buildServer, type ServerOptions } from './app.ts';

let fixtures: FixtureServer;
before(async () => {
  fixtures = await FixtureServer.start();
});
after(async () => {
  await fixtures.close();
});

function server(options: Partial<ServerOptions> = {}): FastifyInstance {
  return buildServer({ adminToken: ADMIN, mode: 'conformance', fetchTimeoutMs: 5_000, clock: new VirtualClock(), ...options });
}

interface Token { digest: string; logits?: number[]; routes?: { layer: number; experts: { id: number; gate: number }[] }[]; flops: unknown; parameterBytes: number }
interface Result { model: string; seed: string; sequences: { tokens: Token[]; digest: string }[]; digest: string }

const loadDefault = (app: FastifyInstance) => call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
const forward = (app: FastifyInstance, body: Record<string, unknown>) => call(app, 'POST', '/v1/forward', { body: { model: 'default', ...body } });

test('the builtin default model loads with the descriptor, parameters and digest of SPEC-001 §4.5, idempotently', async () => {
  const app = server();
  const first = await loadDefault(app);
  assert.equal(first.statusCode, 201, first.body);
  assertSchema('model', first.json());
  const model = first.json<{ id: string; descriptor: unknown; parameters: number; manifestDigest: string }>();
  assert.deepEqual([model.id, model.parameters, model.manifestDigest], ['default', 235040, 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20']);
  assert.deepEqual(model.descriptor, DEFAULT_MODEL_DESCRIPTOR);
  const again = await loadDefault(app);
  assert.deepEqual([again.statusCode, again.json()], [200, first.json()]);
  assertError(await call(app, 'POST', '/v1/models', { body: { builtin: 'other' } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/models', { body: { builtin: 'default', manifestUrl: 'http://x/m.json' } }), 400, 'E_PROTOCOL_BAD_REQUEST');
});

test('a forward result follows the schema, reports exact accounting, and options change nothing computed', async () => {
  const app = server();
  await loadDefault(app);
  const sequences = [sequenceOf(5, 256, 1), [72, 101, 108, 108, 111], [0]];
  const full = await forward(app, { sequences, trace: true, logits: true });
  assert.equal(full.statusCode, 200, full.body);
  assertSchema('forward-result', full.json());
  const result = full.json<Result>();
  assert.deepEqual([result.model, result.seed, result.sequences.map((s) => s.tokens.length)], ['default', '0', [5, 5, 1]]);
  for (const sequence of result.sequences) {
    sequence.tokens.forEach((token, position) => {
      assert.deepEqual(token.flops, tokenFlops(DEFAULT_MODEL_DESCRIPTOR, position));
      assert.equal(token.parameterBytes, tokenParameterBytes(DEFAULT_MODEL_DESCRIPTOR));
      assert.equal(token.logits!.length, 256);
      assert.deepEqual(token.routes!.map((route) => route.layer), [0, 1]);
      for (const route of token.routes!) {
        assert.equal(route.experts.length, 4);
        assert.ok(Math.abs(route.experts.reduce((sum, e) => sum + e.gate, 0) - 1) < 1e-9);
      }
    });
  }
  const bare = (await forward(app, { sequences, deadlineMs: 60_000 })).json<Result>();
  assertSchema('forward-result', bare);
  const strip = (r: Result) => r.sequences.map((s) => ({ digest: s.digest, tokens: s.tokens.map((t) => [t.digest, t.flops, t.parameterBytes]) }));
  assert.deepEqual(strip(bare), strip(result));
  assert.equal(bare.digest, result.digest);
  assert.ok(bare.sequences.every((s) => s.tokens.every((t) => !('logits' in t) && !('routes' in t))));
});

test('forward checks run in order before any work and each failure has its code', async () => {
  const app = server({ limits: { maxTokensPerRequest: 100 } });
  await loadDefault(app);
  const v1 = buildTestModel({ name: 'router-only', dModel: 4, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 2, topK: [1, 1, 1] });
  assert.equal((await call(app, 'POST', '/v1/models', { body: { manifestUrl: fixtures.serveModel('fwd/router-only', v1) } })).statusCode, 201);
  assertError(await forward(app, { model: 'absent', sequences: [[1]] }), 404, 'E_MODEL_NOT_FOUND');
  assertError(await forward(app, { model: 'router-only', sequences: [[1]] }), 422, 'E_FORWARD_UNSUPPORTED');
  for (const sequences of [[], [[1], []], [new Array(65).fill(1)], [new Array(60).fill(1), new Array(41).fill(2)]]) {
    assertError(await forward(app, { sequences }), 422, 'E_FORWARD_LENGTH');
  }
  for (const bad of ['256', '-1', '1.5', '1e400']) {
    assertError(await call(app, 'POST', '/v1/forward', { rawBody: `{"model":"default","sequences":[[1,2],[3,${bad}]]}` }), 422, 'E_FORWARD_TOKEN');
  }
  // Length is judged before tokens, over the whole request.
  assertError(await forward(app, { sequences: [[999], []] }), 422, 'E_FORWARD_LENGTH');
  for (const body of [{ sequences: [['1']] }, { sequences: [[1]], deadlineMs: 0 }, { sequences: [[1]], trace: 'yes' }, { sequences: [[1]], extra: 1 }]) {
    assertError(await forward(app, body), 400, 'E_PROTOCOL_BAD_REQUEST');
  }
  // REQ-002-005: an invalid last sequence is refused at once, not after the delay would have exceeded the deadline.
  assert.equal((await call(app, 'PUT', '/v1/conformance/delay', { body: { perLayerMs: 1000 } })).statusCode, 200);
  assertError(await forward(app, { sequences: [[1, 2], [3, 256]], deadlineMs: 1 }), 422, 'E_FORWARD_TOKEN');
});

test('the forward delay provokes E_DEADLINE_EXCEEDED (retryable); reset clears it', async () => {
  const app = server();
  await loadDefault(app);
  const set = await call(app, 'PUT', '/v1/conformance/delay', { body: { perLayerMs: 10_000 } });
  assert.deepEqual([set.statusCode, set.json()], [200, { perLayerMs: 10_000 }]);
  const late = await forward(app, { sequences: [[1, 2, 3], [4]], deadlineMs: 19_999 });
  assertError(late, 504, 'E_DEADLINE_EXCEEDED');
  assert.equal(late.json<{ error: { retryable: boolean } }>().error.retryable, true);
  // 2 layers of 10 s: exactly 20 s is still within the deadline.
  assert.equal((await forward(app, { sequences: [[1]], deadlineMs: 20_000 })).statusCode, 200);
  await call(app, 'POST', '/v1/conformance/reset');
  await loadDefault(app);
  assert.equal((await forward(app, { sequences: [[1, 2, 3]], deadlineMs: 5000 })).statusCode, 200);
  assertError(await call(app, 'PUT', '/v1/conformance/delay', { body: { perLayerMs: -1 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
});

test('16 concurrent forwards and routes give byte-identical bodies to serial execution', async () => {
  const app = server();
  await loadDefault(app);
  const v1 = buildTestModel({ name: 'mix-router', dModel: 8, layers: 2, tiers: 2, groupsPerTier: 2, expertsPerGroup: 4, topK: [1, 2, 2] });
  await call(app, 'POST', '/v1/models', { body: { manifestUrl: fixtures.serveModel('fwd/mix-router', v1) } });
  const requests = Array.from({ length: 16 }, (_, i) => i % 4 === 3
    ? { url: '/v1/route', body: { model: 'mix-router', layer: i % 2, hidden: [[0.5, -1, 0.25, 0, 0.125, 0.75, -0.5, 1]] } }
    : { url: '/v1/forward', body: { model: 'default', sequences: [sequenceOf(1 + i * 3, 256, i), sequenceOf(2, 256, 7)], trace: true, logits: i % 2 === 0 } });
  const serial: string[] = [];
  for (const { url, body } of requests) serial.push((await call(app, 'POST', url, { body })).body);
  const concurrent = await Promise.all(requests.map(({ url, body }) => call(app, 'POST', url, { body })));
  assert.deepEqual(concurrent.map((response) => response.body), serial);
});

test('the routing seed override applies to forward routing and is reported', async () => {
  const app = server();
  await loadDefault(app);
  const base = (await forward(app, { sequences: [[1, 2, 3]] })).json<Result>();
  await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '12345' } });
  const overridden = (await forward(app, { sequences: [[1, 2, 3]] })).json<Result>();
  assert.deepEqual([base.seed, overridden.seed], ['0', '12345']);
});
