import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { VirtualClock } from './clock.ts';
import { buildTestModel } from './test-support/fixture-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { forward, forwardOk, loadDefault, SEQ, serveV2 } from './test-support/core-fault-kit.ts';
import { assertError, call } from './test-support/inject.ts';

// Core-layer faults of POST /v1/forward request handling (SPEC-002), seeds (SPEC-001/003) and v2 routing.
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const virtual = () => ({ server: { clock: new VirtualClock() } });
const delay = (app: FastifyInstance, perLayerMs: number) => call(app, 'PUT', '/v1/conformance/delay', { body: { perLayerMs } });
const v1 = buildTestModel({ name: 'v1', dModel: 4, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 4, topK: [1, 1, 2] });

test('protocol.production-seed-zero: production forwards and routes with seed 0', async () => {
  const [clean, faulty] = await bench.pair('protocol.production-seed-zero', { server: { mode: 'production' }, models: [v1] });
  const url = serveV2(bench, 'seedzero/s', { name: 'seeded', seed: '9' });
  for (const app of [clean, faulty]) assert.equal((await call(app, 'POST', '/v1/models', { body: { manifestUrl: url } })).statusCode, 201);
  assert.equal((await forwardOk(clean, { sequences: [SEQ] }, 'seeded')).seed, '9');
  assert.equal((await forwardOk(faulty, { sequences: [SEQ] }, 'seeded')).seed, '0');
  const route = { body: { model: 'v1', layer: 0, hidden: [[1, 0, 0, 0]] } };
  assert.equal((await call(faulty, 'POST', '/v1/route', route)).json<{ seed: string }>().seed, '0');
  assert.equal((await call(clean, 'POST', '/v1/route', route)).json<{ seed: string }>().seed, '1234');
});

test('forward.extra-member: sequence results carry elapsedMs', async () => {
  const [clean, faulty] = await bench.pair('forward.extra-member');
  await loadDefault(clean, faulty);
  assert.ok(!('elapsedMs' in (await forwardOk(clean, { sequences: [SEQ] })).sequences[0]!));
  assert.ok('elapsedMs' in (await forwardOk(faulty, { sequences: [SEQ] })).sequences[0]!);
});

test('forward.sequences-by-length: results longest first', async () => {
  const [clean, faulty] = await bench.pair('forward.sequences-by-length');
  await loadDefault(clean, faulty);
  const sequences = [[1, 2], [3], [4, 5, 6]];
  assert.deepEqual((await forwardOk(clean, { sequences })).sequences.map((s) => s.tokens.length), [2, 1, 3]);
  assert.deepEqual((await forwardOk(faulty, { sequences })).sequences.map((s) => s.tokens.length), [3, 2, 1]);
});

test('forward.v1-as-500: forward on a v1 model is E_INTERNAL', async () => {
  const [clean, faulty] = await bench.pair('forward.v1-as-500', { models: [v1] });
  assertError(await forward(clean, { sequences: [[1]] }, 'v1'), 422, 'E_FORWARD_UNSUPPORTED');
  assertError(await forward(faulty, { sequences: [[1]] }, 'v1'), 500, 'E_INTERNAL');
  assertError(await forward(faulty, { sequences: [[1]] }, 'absent'), 404, 'E_MODEL_NOT_FOUND');
});

test('forward.no-length-check: long sequences truncated, empty ones skipped', async () => {
  const [clean, faulty] = await bench.pair('forward.no-length-check');
  await loadDefault(clean, faulty);
  const long = Array.from({ length: 65 }, (_, i) => i);
  assertError(await forward(clean, { sequences: [long] }), 422, 'E_FORWARD_LENGTH');
  assertError(await forward(clean, { sequences: [[]] }), 422, 'E_FORWARD_LENGTH');
  assert.equal((await forwardOk(faulty, { sequences: [long] })).sequences[0]!.tokens.length, 64);
  assert.equal((await forwardOk(faulty, { sequences: [[], [1]] })).sequences.length, 1);
});

test('forward.token-modulo: out-of-range tokens wrap', async () => {
  const [clean, faulty] = await bench.pair('forward.token-modulo');
  await loadDefault(clean, faulty);
  for (const token of [-1, 1.5, 256]) assertError(await forward(clean, { sequences: [[token]] }), 422, 'E_FORWARD_TOKEN');
  assert.equal((await forwardOk(faulty, { sequences: [[256]] })).digest, (await forwardOk(clean, { sequences: [[0]] })).digest);
  assert.equal((await forwardOk(faulty, { sequences: [[1.5]] })).digest, (await forwardOk(clean, { sequences: [[1]] })).digest);
});

test('forward.lazy-validation: a late bad sequence loses to the deadline', async () => {
  const [clean, faulty] = await bench.pair('forward.lazy-validation', virtual());
  await loadDefault(clean, faulty);
  for (const app of [clean, faulty]) await delay(app, 1000);
  const body = { sequences: [SEQ, [999]], deadlineMs: 1 };
  assertError(await forward(clean, body), 422, 'E_FORWARD_TOKEN');
  assertError(await forward(faulty, body), 504, 'E_DEADLINE_EXCEEDED');
});

test('deadline.ignored: a passed deadline still answers 200', async () => {
  const [clean, faulty] = await bench.pair('deadline.ignored', virtual());
  await loadDefault(clean, faulty);
  for (const app of [clean, faulty]) await delay(app, 500);
  assertError(await forward(clean, { sequences: [SEQ], deadlineMs: 100 }), 504, 'E_DEADLINE_EXCEEDED');
  assert.equal((await forward(faulty, { sequences: [SEQ], deadlineMs: 100 })).statusCode, 200);
});

test('forward.delay-skips-shared-expert: a delay changes the digests', async () => {
  const [clean, faulty] = await bench.pair('forward.delay-skips-shared-expert', virtual());
  await loadDefault(clean, faulty);
  const plain = (await forwardOk(clean, { sequences: [SEQ] })).digest;
  assert.equal((await forwardOk(faulty, { sequences: [SEQ] })).digest, plain);
  for (const app of [clean, faulty]) await delay(app, 50);
  assert.equal((await forwardOk(clean, { sequences: [SEQ] })).digest, plain);
  assert.notEqual((await forwardOk(faulty, { sequences: [SEQ] })).digest, plain);
});

test('forward.partial-on-deadline: completed sequences answered with 200', async () => {
  const [clean, faulty] = await bench.pair('forward.partial-on-deadline', virtual());
  await loadDefault(clean, faulty);
  for (const app of [clean, faulty]) await delay(app, 500);
  const body = { sequences: [SEQ, [1, 2]], deadlineMs: 700 };
  assertError(await forward(clean, body), 504, 'E_DEADLINE_EXCEEDED');
  assert.deepEqual((await forwardOk(faulty, body)).sequences.map((s) => s.tokens.length), [SEQ.length]);
  assertError(await forward(faulty, { sequences: [SEQ], deadlineMs: 100 }), 504, 'E_DEADLINE_EXCEEDED');
});

test('forward.seed-override-ignored: forward keeps the descriptor seed', async () => {
  const [clean, faulty] = await bench.pair('forward.seed-override-ignored');
  await loadDefault(clean, faulty);
  for (const [app, seed] of [[clean, '42'], [faulty, '0']] as const) {
    await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '42' } });
    assert.equal((await forwardOk(app, { sequences: [SEQ] })).seed, seed);
  }
});

test('routing.v2-layer-zero: /v1/route on a v2 model scores every layer with layer 0', async () => {
  const [clean, faulty] = await bench.pair('routing.v2-layer-zero', { models: [v1] });
  await loadDefault(clean, faulty);
  const hidden = [Array.from({ length: 32 }, (_, i) => ((i * 7) % 5) - 2)];
  const route = async (app: FastifyInstance, model: string, layer: number, h = hidden) => (await call(app, 'POST', '/v1/route', { body: { model, layer, hidden: h } })).json<{ digest: string }>().digest;
  assert.equal(await route(faulty, 'default', 0), await route(clean, 'default', 0));
  assert.notEqual(await route(faulty, 'default', 1), await route(clean, 'default', 1));
  assert.equal(await route(faulty, 'v1', 0, [[1, 2, 3, 4]]), await route(clean, 'v1', 0, [[1, 2, 3, 4]]));
});
