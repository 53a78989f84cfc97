import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { FaultBench } from '../../test-support/fault-bench.ts';
import { call } from '../../test-support/inject.ts';

// Fault switches of generation (SPEC-043) and the KV pool (SPEC-046): each makes a conforming and a mutant server
// answer differently.
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

interface Result {
  tokens: number[];
  finishReason: string;
  usage: { cachedTokens: number };
}

async function withDefault(apps: [FastifyInstance, FastifyInstance]): Promise<[FastifyInstance, FastifyInstance]> {
  for (const app of apps) assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode, 201);
  return apps;
}

async function generate(app: FastifyInstance, body: Record<string, unknown>): Promise<Result> {
  const response = await call(app, 'POST', '/v1/generate', { body: { model: 'default', ...body } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<Result>();
}

const prompt = (length: number, salt: number): number[] => Array.from({ length }, (_, i) => (i * 31 + salt * 17 + 3) % 256);

test('gen.sample-stream-unindexed: seeded sampling draws the same uniform for every token', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('gen.sample-stream-unindexed'));
  const body = { prompt: prompt(5, 1), maxTokens: 12, temperature: 1, seed: '7' };
  assert.notDeepEqual((await generate(faulty, body)).tokens, (await generate(clean, body)).tokens);
});

test('gen.top-p-ignored: a small nucleus is not cut', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('gen.top-p-ignored'));
  const body = { prompt: prompt(5, 2), maxTokens: 12, temperature: 4, topP: 0.05, seed: '3' };
  assert.notDeepEqual((await generate(faulty, body)).tokens, (await generate(clean, body)).tokens);
});

test('gen.batch-shared-sampling: a generation batched with another takes that one\'s tokens', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('gen.batch-shared-sampling'));
  const run = (app: FastifyInstance): Promise<Result[]> => Promise.all([generate(app, { prompt: prompt(4, 3), maxTokens: 10 }), generate(app, { prompt: prompt(9, 4), maxTokens: 10 })]);
  assert.notDeepEqual((await run(faulty))[1]!.tokens, (await run(clean))[1]!.tokens);
});

test('gen.stop-ignored: a stop sequence does not end the generation', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('gen.stop-ignored'));
  const base = await generate(clean, { prompt: prompt(6, 5), maxTokens: 10 });
  const body = { prompt: prompt(6, 5), maxTokens: 10, stop: [base.tokens.slice(2, 4)] };
  assert.deepEqual([(await generate(clean, body)).finishReason, (await generate(faulty, body)).finishReason], ['stop', 'length']);
});

test('kv.no-page-release: a finished generation keeps its pages', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('kv.no-page-release'));
  const active = async (app: FastifyInstance): Promise<number> => {
    await generate(app, { prompt: prompt(5, 6), maxTokens: 4 });
    return (await call(app, 'GET', '/v1/kv')).json<{ pagesActive: number }>().pagesActive;
  };
  assert.deepEqual([await active(clean), await active(faulty)], [0, 1]);
});

test('kv.reuse-last-prompt-page: a repeated 32-token prompt reuses both its pages', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('kv.reuse-last-prompt-page'));
  const cached = async (app: FastifyInstance): Promise<number> => {
    await generate(app, { prompt: prompt(32, 7), maxTokens: 2 });
    return (await generate(app, { prompt: prompt(32, 7), maxTokens: 2 })).usage.cachedTokens;
  };
  assert.deepEqual([await cached(clean), await cached(faulty)], [16, 32]);
});

test('kv.evict-referenced: a queued generation takes a running one\'s prompt page', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('kv.evict-referenced', { server: { inference: { kvPages: 4 } } }));
  const run = async (app: FastifyInstance): Promise<number[]> => {
    const [a] = await Promise.all([generate(app, { prompt: prompt(20, 8), maxTokens: 20 }), generate(app, { prompt: prompt(5, 9), maxTokens: 20 })]);
    return a.tokens;
  };
  assert.notDeepEqual(await run(faulty), await run(clean));
});

test('kv.evict-most-recent: the newest cached prompt page is evicted instead of the oldest', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('kv.evict-most-recent', { server: { inference: { kvPages: 4 } } }));
  const cachedAfterPressure = async (app: FastifyInstance): Promise<number> => {
    await generate(app, { prompt: prompt(17, 10), maxTokens: 15 });
    await generate(app, { prompt: prompt(17, 11), maxTokens: 15 });
    await generate(app, { prompt: prompt(5, 12), maxTokens: 40 });
    return (await generate(app, { prompt: prompt(17, 10), maxTokens: 1 })).usage.cachedTokens;
  };
  assert.deepEqual([await cachedAfterPressure(clean), await cachedAfterPressure(faulty)], [0, 16]);
});
