import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { VirtualClock } from './clock.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { loadDefault, forward, forwardOk, SEQ } from './test-support/core-fault-kit.ts';
import { assertError, call } from './test-support/inject.ts';

// Core-layer faults of GET /v1/info, the control API and the SPEC-009 state machine.
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const info = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/info')).json<{ capabilities: string[]; limits: Record<string, number> }>();
const transition = (app: FastifyInstance, name: string) => call(app, 'POST', '/v1/conformance/state', { body: { transition: name } });
const state = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/state')).json<{ state: string; since: number }>();
const budget = (app: FastifyInstance, bytes: number) => call(app, 'PUT', '/v1/conformance/memory-budget', { body: { bytes } });

test('info.no-forward-capability: capabilities lack forward', async () => {
  const [clean, faulty] = await bench.pair('info.no-forward-capability');
  assert.ok((await info(clean)).capabilities.includes('forward'));
  assert.deepEqual((await info(faulty)).capabilities, ['models.load', 'route', 'generate']);
});

test('info.memory-budget-below-core: declares 1 MiB, enforces the real budget', async () => {
  const [clean, faulty] = await bench.pair('info.memory-budget-below-core');
  assert.equal((await info(faulty)).limits['memoryBudgetBytes'], 1048576);
  assert.notEqual((await info(clean)).limits['memoryBudgetBytes'], 1048576);
  await loadDefault(faulty); // 940160 bytes fit under 1 MiB anyway; the real budget is what GET /v1/memory shows
  assert.equal((await call(faulty, 'GET', '/v1/memory')).json<{ budgetBytes: number }>().budgetBytes, (await info(clean)).limits['memoryBudgetBytes']);
});

test('info.live-memory-budget: GET /v1/info follows PUT memory-budget', async () => {
  const [clean, faulty] = await bench.pair('info.live-memory-budget');
  for (const [app, live] of [[clean, false], [faulty, true]] as const) {
    const before = await info(app);
    assert.equal((await budget(app, 12345)).statusCode, 200);
    assert.equal((await info(app)).limits['memoryBudgetBytes'] === 12345, live);
    assert.equal(JSON.stringify(await info(app)) === JSON.stringify(before), !live);
  }
});

test('info.flops-bound-overstated: declares 2^53-1, enforces the real bound', async () => {
  const [clean, faulty] = await bench.pair('info.flops-bound-overstated');
  assert.equal((await info(faulty)).limits['maxActiveFlopsPerToken'], Number.MAX_SAFE_INTEGER);
  assert.equal((await info(clean)).limits['maxActiveFlopsPerToken'], 2 ** 32);
});

test('control.reset-keeps-delay: the delay survives a reset', async () => {
  const [clean, faulty] = await bench.pair('control.reset-keeps-delay', { server: { clock: new VirtualClock() } });
  await loadDefault(clean, faulty);
  for (const [app, status] of [[clean, 200], [faulty, 504]] as const) {
    await call(app, 'PUT', '/v1/conformance/delay', { body: { perLayerMs: 10000 } });
    await call(app, 'POST', '/v1/conformance/reset');
    await loadDefault(app);
    assert.equal((await forward(app, { sequences: [SEQ], deadlineMs: 5000 })).statusCode, status);
  }
});

test('control.reset-keeps-budget: reset leaves the budget', async () => {
  const [clean, faulty] = await bench.pair('control.reset-keeps-budget');
  for (const [app, kept] of [[clean, false], [faulty, true]] as const) {
    await budget(app, 1);
    await call(app, 'POST', '/v1/conformance/reset');
    assert.equal((await call(app, 'GET', '/v1/memory')).json<{ budgetBytes: number }>().budgetBytes === 1, kept);
  }
});

test('state.report-ready-when-degraded: GET /v1/state says ready while degraded', async () => {
  const [clean, faulty] = await bench.pair('state.report-ready-when-degraded');
  for (const [app, shown] of [[clean, 'degraded'], [faulty, 'ready']] as const) {
    assert.equal((await transition(app, 'degrade')).statusCode, 200);
    assert.equal((await state(app)).state, shown);
  }
});

test('state.transition-since-unchanged: legal transitions keep since; reset counts', async () => {
  const [clean, faulty] = await bench.pair('state.transition-since-unchanged');
  for (const [app, step] of [[clean, 1], [faulty, 0]] as const) {
    const since = (await state(app)).since;
    await transition(app, 'drain');
    assert.deepEqual(await state(app), { state: 'draining', models: 0, since: since + step });
    await call(app, 'POST', '/v1/conformance/reset');
    assert.equal((await state(app)).since, since + step + 1);
  }
});

test('state.lenient-transitions: an illegal transition answers 200', async () => {
  const [clean, faulty] = await bench.pair('state.lenient-transitions');
  assertError(await transition(clean, 'resume'), 409, 'E_STATE_TRANSITION');
  const before = await state(faulty);
  assert.equal((await transition(faulty, 'resume')).statusCode, 200);
  assert.deepEqual(await state(faulty), before);
});

test('state.drain-admits-work: draining loads models', async () => {
  const [clean, faulty] = await bench.pair('state.drain-admits-work');
  for (const app of [clean, faulty]) await transition(app, 'drain');
  assertError(await call(clean, 'POST', '/v1/models', { body: { builtin: 'default' } }), 503, 'E_STATE_UNAVAILABLE');
  assert.equal((await call(faulty, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode, 201);
  await transition(faulty, 'fail');
  assertError(await call(faulty, 'POST', '/v1/models', { body: { builtin: 'default' } }), 503, 'E_STATE_UNAVAILABLE');
});

test('state.failed-refuses-reads: GET /v1/models is 503 when failed', async () => {
  const [clean, faulty] = await bench.pair('state.failed-refuses-reads');
  for (const app of [clean, faulty]) await transition(app, 'fail');
  assert.equal((await call(clean, 'GET', '/v1/models')).statusCode, 200);
  assertError(await call(faulty, 'GET', '/v1/models'), 503, 'E_STATE_UNAVAILABLE');
  assert.equal((await call(faulty, 'GET', '/v1/memory')).statusCode, 200);
});

test('state.degraded-skips-shared-expert: degraded forwards differ', async () => {
  const [clean, faulty] = await bench.pair('state.degraded-skips-shared-expert');
  await loadDefault(clean, faulty);
  const ready = await forwardOk(faulty, { sequences: [SEQ] });
  assert.equal(ready.digest, (await forwardOk(clean, { sequences: [SEQ] })).digest);
  for (const app of [clean, faulty]) await transition(app, 'degrade');
  assert.equal((await forwardOk(clean, { sequences: [SEQ] })).digest, ready.digest);
  assert.notEqual((await forwardOk(faulty, { sequences: [SEQ] })).digest, ready.digest);
});

test('state.reset-keeps-failed: reset from failed stays failed', async () => {
  const [clean, faulty] = await bench.pair('state.reset-keeps-failed');
  for (const [app, after] of [[clean, 'ready'], [faulty, 'failed']] as const) {
    await transition(app, 'fail');
    await call(app, 'POST', '/v1/conformance/reset');
    assert.equal((await state(app)).state, after);
  }
});

test('state.since-counts-loads: a load increments since', async () => {
  const [clean, faulty] = await bench.pair('state.since-counts-loads');
  for (const [app, step] of [[clean, 0], [faulty, 1]] as const) {
    const since = (await state(app)).since;
    await loadDefault(app);
    await loadDefault(app);
    assert.equal((await state(app)).since, since + step);
  }
});

test('state.drain-aborts-in-flight: a forward in flight when drain arrives gets 503', async () => {
  const [clean, faulty] = await bench.pair('state.drain-aborts-in-flight', { server: { clock: new VirtualClock() } });
  await loadDefault(clean, faulty);
  for (const [app, status] of [[clean, 200], [faulty, 503]] as const) {
    const pending = forward(app, { sequences: [SEQ] });
    await transition(app, 'drain');
    assert.equal((await pending).statusCode, status);
    await call(app, 'POST', '/v1/conformance/reset');
  }
});
