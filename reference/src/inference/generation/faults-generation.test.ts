import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { FaultName } from '../../faults.ts';
import { FaultBench } from '../../test-support/fault-bench.ts';
import { ADMIN, call } from '../../test-support/inject.ts';

// Fault switches of generation (SPEC-043), the KV pool (SPEC-046) and streaming (SPEC-047): each makes a conforming
// and a mutant server answer differently. Streams are read over a real socket.
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

interface Result {
  id: string;
  tokens: number[];
  text: string;
  finishReason: string;
  usage: { cachedTokens: number; totalTokens: number };
  timing: { queueSteps: number };
}

interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

async function pair(fault: FaultName): Promise<[FastifyInstance, FastifyInstance]> {
  const apps = await bench.pair(fault);
  for (const app of apps) {
    assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode, 201);
    await app.listen({ port: 0, host: '127.0.0.1' });
  }
  return apps;
}

async function generate(app: FastifyInstance, body: Record<string, unknown>, token: string = ADMIN): Promise<Result> {
  const response = await call(app, 'POST', '/v1/generate', { body: { model: 'default', ...body }, token });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<Result>();
}

const prompt = (length: number, salt: number): number[] => Array.from({ length }, (_, i) => (i * 31 + salt * 17 + 3) % 256);

function baseUrl(app: FastifyInstance): string {
  const address = app.server.address();
  assert.ok(address !== null && typeof address === 'object');
  return `http://127.0.0.1:${address.port}`;
}

/** Opens a stream of POST /v1/generate (or GET `path` with headers); `onEvent` may return true to hang up there. */
async function stream(app: FastifyInstance, body: Record<string, unknown> | null, onEvent: (event: SseEvent) => boolean = () => false, path = '/v1/generate', headers: Record<string, string> = {}): Promise<SseEvent[]> {
  const controller = new AbortController();
  const response = await fetch(baseUrl(app) + path, {
    method: body === null ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === null ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === null ? {} : { body: JSON.stringify({ model: 'default', stream: true, ...body }) }),
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  let text = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body!) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = text.indexOf('\n\n');
      while (end >= 0) {
        const fields = Object.fromEntries(text.slice(0, end).split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
        text = text.slice(end + 2);
        const event = { id: fields['id'] ?? '', event: fields['event'] ?? '', data: JSON.parse(fields['data'] ?? '{}') as Record<string, unknown> };
        events.push(event);
        if (onEvent(event)) {
          controller.abort();
          return events;
        }
        end = text.indexOf('\n\n');
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return events;
}

async function settle<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([promise, sleep(ms).then(() => 'pending' as const)]);
}

async function status(app: FastifyInstance, id: string, token: string = ADMIN): Promise<{ statusCode: number; body: { state: string; outcome?: { finishReason: string; tokens: number[] } } }> {
  const response = await call(app, 'GET', `/v1/generations/${id}`, { token });
  return { statusCode: response.statusCode, body: response.json() };
}

async function finished(app: FastifyInstance, id: string): Promise<{ finishReason: string; tokens: number[] }> {
  for (;;) {
    const { body } = await status(app, id);
    if (body.outcome !== undefined) return body.outcome;
    await sleep(5);
  }
}

const slow = async (app: FastifyInstance): Promise<void> => {
  assert.equal((await call(app, 'PUT', '/v1/conformance/delay', { body: { perLayerMs: 5 } })).statusCode, 200);
};

async function both<T>(apps: [FastifyInstance, FastifyInstance], run: (app: FastifyInstance) => Promise<T>): Promise<[T, T]> {
  const results: [T, T] = [await run(apps[0]), await run(apps[1])];
  for (const app of apps) await app.close();
  return results;
}

test('gen.first-step-wrong-row: the first token comes from the second-to-last prompt row', async () => {
  const [clean, faulty] = await both(await pair('gen.first-step-wrong-row'), async (app) => (await generate(app, { prompt: prompt(6, 1), maxTokens: 3 })).tokens);
  assert.notDeepEqual(faulty, clean);
});

test('gen.sample-index-offset: token i draws from the stream of i+1', async () => {
  const [clean, faulty] = await both(await pair('gen.sample-index-offset'), async (app) => (await generate(app, { prompt: prompt(5, 1), maxTokens: 12, temperature: 1, seed: '7' })).tokens);
  assert.notDeepEqual(faulty, clean);
});

test('gen.top-p-ignored: a small nucleus is not cut', async () => {
  const [clean, faulty] = await both(await pair('gen.top-p-ignored'), async (app) => (await generate(app, { prompt: prompt(5, 2), maxTokens: 12, temperature: 4, topP: 0.05, seed: '3' })).tokens);
  assert.notDeepEqual(faulty, clean);
});

test('gen.batch-wrong-logits-row: batched generations sample from the batch\'s last row', async () => {
  const [clean, faulty] = await both(await pair('gen.batch-wrong-logits-row'), async (app) =>
    (await Promise.all([generate(app, { prompt: prompt(4, 3), maxTokens: 10 }), generate(app, { prompt: prompt(9, 4), maxTokens: 10 })]))[0].tokens);
  assert.notDeepEqual(faulty, clean);
});

test('gen.stop-included: the matched stop sequence stays in the output', async () => {
  const [clean, faulty] = await both(await pair('gen.stop-included'), async (app) => {
    const base = await generate(app, { prompt: prompt(6, 5), maxTokens: 10 });
    const stop = base.tokens.slice(2, 4);
    const stopped = await generate(app, { prompt: prompt(6, 5), maxTokens: 10, stop: [stop] });
    assert.equal(stopped.finishReason, 'stop');
    return stopped.tokens.length;
  });
  assert.equal(faulty, clean + 2);
});

test('gen.max-tokens-short: one token fewer than maxTokens', async () => {
  const [clean, faulty] = await both(await pair('gen.max-tokens-short'), async (app) => (await generate(app, { prompt: prompt(5, 6), maxTokens: 5 })).tokens.length);
  assert.deepEqual([clean, faulty], [5, 4]);
});

test('gen.length-check-off-by-one: prompt + maxTokens = maxSeq + 1 is not refused with E_GENERATION_LENGTH', async () => {
  const [clean, faulty] = await both(await pair('gen.length-check-off-by-one'), async (app) =>
    (await call(app, 'POST', '/v1/generate', { body: { model: 'default', prompt: prompt(60, 7), maxTokens: 5 } })).body.includes('E_GENERATION_LENGTH'));
  assert.deepEqual([clean, faulty], [true, false]);
});

test('gen.token-range-unchecked: a prompt token beyond the vocab is not refused with E_FORWARD_TOKEN', async () => {
  const [clean, faulty] = await both(await pair('gen.token-range-unchecked'), async (app) =>
    (await call(app, 'POST', '/v1/generate', { body: { model: 'default', prompt: [1, 300, 2], maxTokens: 2 } })).body.includes('E_FORWARD_TOKEN'));
  assert.deepEqual([clean, faulty], [true, false]);
});

test('gen.max-batch-ignored: maxBatch 1 does not make the second generation wait', async () => {
  const [clean, faulty] = await both(await pair('gen.max-batch-ignored'), async (app) => {
    await call(app, 'PUT', '/v1/conformance/scheduler', { body: { maxBatch: 1 } });
    const results = await Promise.all([generate(app, { prompt: prompt(4, 8), maxTokens: 6 }), generate(app, { prompt: prompt(4, 9), maxTokens: 6 })]);
    return results[1].timing.queueSteps > 0;
  });
  assert.deepEqual([clean, faulty], [true, false]);
});

test('gen.pause-ignored: a paused scheduler still runs generations', async () => {
  const [clean, faulty] = await both(await pair('gen.pause-ignored'), async (app) => {
    await call(app, 'PUT', '/v1/conformance/scheduler', { body: { paused: true } });
    const pending = generate(app, { prompt: prompt(4, 10), maxTokens: 3 });
    const early = await settle(pending, 300);
    await call(app, 'PUT', '/v1/conformance/scheduler', { body: { paused: false } });
    await pending;
    return early === 'pending';
  });
  assert.deepEqual([clean, faulty], [true, false]);
});

test('gen.text-latin1: the result text maps bytes to characters one to one', async () => {
  const [clean, faulty] = await both(await pair('gen.text-latin1'), async (app) => (await generate(app, { prompt: prompt(5, 11), maxTokens: 8 })).text);
  assert.notEqual(faulty, clean);
});

test('kv.cancel-leaks-pages: a cancelled generation keeps its pages', async () => {
  const [clean, faulty] = await both(await pair('kv.cancel-leaks-pages'), async (app) => {
    await slow(app);
    const events = await stream(app, { prompt: prompt(4, 12), maxTokens: 40 }, (event) => event.event === 'token');
    const id = String(events[0]!.data['id']);
    await call(app, 'DELETE', `/v1/generations/${id}`);
    await finished(app, id);
    return (await call(app, 'GET', '/v1/kv')).json<{ pagesActive: number }>().pagesActive;
  });
  assert.deepEqual([clean, faulty], [0, 3]);
});

test('kv.admit-without-pages: a generation is admitted without free pages', async () => {
  const [clean, faulty] = await both(await pair('kv.admit-without-pages'), async (app) => {
    await call(app, 'PUT', '/v1/conformance/kv', { body: { pagesTotal: 3 } });
    const results = await Promise.all([generate(app, { prompt: prompt(20, 13), maxTokens: 20 }), generate(app, { prompt: prompt(20, 14), maxTokens: 20 })]);
    return results[1].timing.queueSteps > 0;
  });
  assert.deepEqual([clean, faulty], [true, false]);
});

test('kv.memory-check-prompt-only: a generation needing more pages than the pool is queued instead of refused', async () => {
  const [clean, faulty] = await both(await pair('kv.memory-check-prompt-only'), async (app) => {
    await call(app, 'PUT', '/v1/conformance/kv', { body: { pagesTotal: 2 } });
    const answer = call(app, 'POST', '/v1/generate', { body: { model: 'default', prompt: prompt(10, 15), maxTokens: 30 } });
    const early = await settle(answer, 300);
    await call(app, 'POST', '/v1/conformance/reset');
    await answer;
    return early === 'pending' ? 'queued' : early.statusCode;
  });
  assert.deepEqual([clean, faulty], [507, 'queued']);
});

test('kv.no-prefix-reuse: a repeated prompt reuses nothing', async () => {
  const [clean, faulty] = await both(await pair('kv.no-prefix-reuse'), async (app) => {
    await generate(app, { prompt: prompt(40, 16), maxTokens: 2 });
    return (await generate(app, { prompt: prompt(40, 16), maxTokens: 2 })).usage.cachedTokens;
  });
  assert.deepEqual([clean, faulty], [32, 0]);
});

test('kv.reuse-positions-from-zero: rows after reused pages restart at position 0', async () => {
  const [clean, faulty] = await both(await pair('kv.reuse-positions-from-zero'), async (app) => {
    const body = { prompt: prompt(40, 17), maxTokens: 10, temperature: 2, seed: '1' };
    await generate(app, body);
    return (await generate(app, body)).tokens;
  });
  assert.notDeepEqual(faulty, clean);
});

test('kv.prefix-shared-across-tenants: a second tenant hits the first tenant\'s prompt pages', async () => {
  const [clean, faulty] = await both(await pair('kv.prefix-shared-across-tenants'), async (app) => {
    const tokens = await Promise.all(['ta', 'tb'].map(async (name) => (await call(app, 'POST', '/v1/conformance/tenants', { body: { name } })).json<{ token: string }>().token));
    await generate(app, { prompt: prompt(40, 18), maxTokens: 2 }, tokens[0]);
    return (await generate(app, { prompt: prompt(40, 18), maxTokens: 2 }, tokens[1])).usage.cachedTokens;
  });
  assert.deepEqual([clean, faulty], [0, 32]);
});

test('kv.prefix-key-ignores-seed: pages computed under another routing seed are reused', async () => {
  const [clean, faulty] = await both(await pair('kv.prefix-key-ignores-seed'), async (app) => {
    await generate(app, { prompt: prompt(40, 19), maxTokens: 2 });
    await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '5' } });
    return (await generate(app, { prompt: prompt(40, 19), maxTokens: 2 })).usage.cachedTokens;
  });
  assert.deepEqual([clean, faulty], [0, 32]);
});

test('kv.evict-most-recent: the newest cached prompt page is evicted instead of the oldest', async () => {
  const [clean, faulty] = await both(await pair('kv.evict-most-recent'), async (app) => {
    await call(app, 'PUT', '/v1/conformance/kv', { body: { pagesTotal: 4 } });
    await generate(app, { prompt: prompt(17, 20), maxTokens: 15 });
    await generate(app, { prompt: prompt(17, 21), maxTokens: 15 });
    await generate(app, { prompt: prompt(5, 22), maxTokens: 40 });
    return (await generate(app, { prompt: prompt(17, 20), maxTokens: 1 })).usage.cachedTokens;
  });
  assert.deepEqual([clean, faulty], [0, 16]);
});

test('kv.reset-keeps-cache: prompt pages survive the control reset', async () => {
  const [clean, faulty] = await both(await pair('kv.reset-keeps-cache'), async (app) => {
    await generate(app, { prompt: prompt(40, 23), maxTokens: 2 });
    await call(app, 'POST', '/v1/conformance/reset');
    await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
    return (await generate(app, { prompt: prompt(40, 23), maxTokens: 2 })).usage.cachedTokens;
  });
  assert.deepEqual([clean, faulty], [0, 32]);
});

test('stream.ids-from-one: the first event is id 1', async () => {
  const [clean, faulty] = await both(await pair('stream.ids-from-one'), async (app) => (await stream(app, { prompt: prompt(4, 24), maxTokens: 2 }))[0]!.id);
  assert.deepEqual([clean, faulty], ['0', '1']);
});

test('stream.token-text-per-byte: a character split over tokens is not assembled', async () => {
  const [clean, faulty] = await both(await pair('stream.token-text-per-byte'), async (app) =>
    (await stream(app, { prompt: prompt(4, 25), maxTokens: 24, temperature: 8, seed: '11' })).filter((e) => e.event === 'token').map((e) => e.data['text']));
  assert.notDeepEqual(faulty, clean);
});

test('stream.usage-total-without-prompt: the usage event\'s total leaves out the prompt', async () => {
  const [clean, faulty] = await both(await pair('stream.usage-total-without-prompt'), async (app) =>
    (await stream(app, { prompt: prompt(4, 26), maxTokens: 3 })).find((e) => e.event === 'usage')!.data['totalTokens']);
  assert.deepEqual([clean, faulty], [7, 3]);
});

test('stream.resume-includes-last: resumption repeats the Last-Event-ID event', async () => {
  const [clean, faulty] = await both(await pair('stream.resume-includes-last'), async (app) => {
    const { id } = await generate(app, { prompt: prompt(4, 27), maxTokens: 3 });
    return (await stream(app, null, () => false, `/v1/generations/${id}/events`, { 'last-event-id': '1' }))[0]!.id;
  });
  assert.deepEqual([clean, faulty], ['2', '1']);
});

test('stream.disconnect-ignored: a client leaving the stream does not cancel the generation', async () => {
  const [clean, faulty] = await both(await pair('stream.disconnect-ignored'), async (app) => {
    await slow(app);
    const events = await stream(app, { prompt: prompt(4, 28), maxTokens: 20 }, (event) => event.event === 'token');
    return (await finished(app, String(events[0]!.data['id']))).finishReason;
  });
  assert.deepEqual([clean, faulty], ['cancelled', 'length']);
});

test('stream.delete-ignored: DELETE does not cancel the generation', async () => {
  const [clean, faulty] = await both(await pair('stream.delete-ignored'), async (app) => {
    await slow(app);
    let deleted: Promise<unknown> = Promise.resolve();
    const events = await stream(app, { prompt: prompt(4, 30), maxTokens: 12 }, (event) => {
      if (event.event === 'start') deleted = call(app, 'DELETE', `/v1/generations/${String(event.data['id'])}`);
      return false;
    });
    await deleted;
    return events.find((e) => e.event === 'usage')!.data['finishReason'];
  });
  assert.deepEqual([clean, faulty], ['cancelled', 'length']);
});

test('stream.cross-tenant-visible: another tenant finds the generation', async () => {
  const [clean, faulty] = await both(await pair('stream.cross-tenant-visible'), async (app) => {
    const tokens = await Promise.all(['ua', 'ub'].map(async (name) => (await call(app, 'POST', '/v1/conformance/tenants', { body: { name } })).json<{ token: string }>().token));
    const { id } = await generate(app, { prompt: prompt(4, 31), maxTokens: 2 }, tokens[0]);
    return (await status(app, id, tokens[1])).statusCode;
  });
  assert.deepEqual([clean, faulty], [404, 200]);
});

test('stream.error-as-length: a generation past its deadline ends as length', async () => {
  const [clean, faulty] = await both(await pair('stream.error-as-length'), async (app) => {
    await slow(app);
    return (await call(app, 'POST', '/v1/generate', { body: { model: 'default', prompt: prompt(4, 32), maxTokens: 30, deadlineMs: 30 } })).statusCode;
  });
  assert.deepEqual([clean, faulty], [504, 200]);
});

test('stream.status-drops-last-token: the status outcome leaves out the last token', async () => {
  const [clean, faulty] = await both(await pair('stream.status-drops-last-token'), async (app) => {
    const { id } = await generate(app, { prompt: prompt(4, 33), maxTokens: 4 });
    return (await status(app, id)).body.outcome!.tokens.length;
  });
  assert.deepEqual([clean, faulty], [4, 3]);
});
