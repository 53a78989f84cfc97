// Each openai.* fault switch against a conforming twin: the switch breaks exactly the OpenAI-framing behaviour it
// names (SPEC-047 §4.8), observed through the routes as a client sees them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { FaultBench } from '../../test-support/fault-bench.ts';
import { ADMIN, assertError, call } from '../../test-support/inject.ts';

let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const CHAT = { model: 'default', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 8 };
// Sampled, so that the completion holds printable ASCII (the built-in model's greedy output does not).
const SAMPLED = { model: 'default', prompt: 'abc', max_tokens: 16, temperature: 0.9, seed: 7 };

async function withDefault(pair: [FastifyInstance, FastifyInstance]): Promise<[FastifyInstance, FastifyInstance]> {
  for (const app of pair) assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode, 201);
  return pair;
}

/** The members of an OpenAI body these tests read. */
interface Answer {
  choices: { text: string; finish_reason: string }[];
  usage: { prompt_tokens: number; total_tokens: number };
}

async function json(app: FastifyInstance, path: string, body: unknown): Promise<Answer> {
  const response = await call(app, 'POST', path, { body });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<Answer>();
}

test('openai.chat-no-cue: the chat prompt loses its "assistant: " cue', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.chat-no-cue'));
  const [a, b] = [await json(clean, '/v1/chat/completions', CHAT), await json(faulty, '/v1/chat/completions', CHAT)];
  assert.deepEqual([a.usage.prompt_tokens, b.usage.prompt_tokens], [Buffer.byteLength('user: Hi\nassistant: '), Buffer.byteLength('user: Hi\n')]);
});

test('openai.stop-ignored: a stop string no longer ends the completion', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.stop-ignored'));
  const text = (await json(clean, '/v1/completions', SAMPLED)).choices[0]!.text;
  const stop = [...text].slice(1).find((c) => c >= ' ' && c <= '~')!;
  const [a, b] = [await json(clean, '/v1/completions', { ...SAMPLED, stop }), await json(faulty, '/v1/completions', { ...SAMPLED, stop })];
  assert.deepEqual([a.choices[0]!.finish_reason, b.choices[0]!.finish_reason], ['stop', 'length']);
  assert.equal(b.choices[0]!.text, text);
});

test('openai.seed-ignored: every request samples with seed 0', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.seed-ignored'));
  const seeded = (await json(faulty, '/v1/completions', SAMPLED)).choices[0]!.text;
  assert.equal(seeded, (await json(clean, '/v1/completions', { ...SAMPLED, seed: 0 })).choices[0]!.text);
  assert.notEqual(seeded, (await json(clean, '/v1/completions', SAMPLED)).choices[0]!.text);
});

test('openai.n-ignored: n = 2 is answered with one choice instead of E_PROTOCOL_BAD_REQUEST', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.n-ignored'));
  assertError(await call(clean, 'POST', '/v1/chat/completions', { body: { ...CHAT, n: 2 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assert.equal((await json(faulty, '/v1/chat/completions', { ...CHAT, n: 2 })).choices.length, 1);
});

test('openai.usage-total-without-prompt: total_tokens leaves the prompt out', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.usage-total-without-prompt'));
  const [a, b] = [await json(clean, '/v1/completions', SAMPLED), await json(faulty, '/v1/completions', SAMPLED)];
  assert.deepEqual([a.usage.total_tokens, b.usage.total_tokens], [3 + 16, 16]);
});

test('openai.finish-always-stop: a completion that ran to max_tokens says "stop"', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.finish-always-stop'));
  const [a, b] = [await json(clean, '/v1/completions', SAMPLED), await json(faulty, '/v1/completions', SAMPLED)];
  assert.deepEqual([a.choices[0]!.finish_reason, b.choices[0]!.finish_reason], ['length', 'stop']);
});

test('openai.stream-no-done: a stream ends without data: [DONE]', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.stream-no-done'));
  const last = async (app: FastifyInstance) => (await call(app, 'POST', '/v1/completions', { body: { ...SAMPLED, stream: true } })).body.trimEnd().split('\n\n').at(-1);
  assert.equal(await last(clean), 'data: [DONE]');
  assert.match((await last(faulty))!, /^data: \{.*"finish_reason":"length"/);
});

test('openai.error-shape: a refusal drops the domain and retryable of the SPEC-007 envelope', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.error-shape'));
  const body = { model: 'default', prompt: 'x', max_tokens: 64 };
  assertError(await call(clean, 'POST', '/v1/completions', { body }), 400, 'E_GENERATION_LENGTH');
  const refused = await call(faulty, 'POST', '/v1/completions', { body });
  assert.equal(refused.statusCode, 400);
  assert.deepEqual(Object.keys(refused.json<{ error: object }>().error).sort(), ['code', 'message', 'param', 'type']);
});

/** Streams a chat completion under a paused scheduler, disconnects after the role chunk; the generation's state. */
async function stateAfterDisconnect(app: FastifyInstance): Promise<{ state: string; outcome?: { finishReason: string } }> {
  assert.equal((await call(app, 'PUT', '/v1/conformance/scheduler', { body: { paused: true } })).statusCode, 200);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const socketClosed = new Promise<void>((resolve) => app.server.once('connection', (socket: Socket) => socket.once('close', () => resolve())));
  const abort = new AbortController();
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...CHAT, stream: true }),
    signal: abort.signal,
  });
  const first = new TextDecoder().decode((await response.body!.getReader().read()).value as Uint8Array);
  const id = (JSON.parse(first.slice('data: '.length)) as { id: string }).id;
  abort.abort();
  // Once the server has seen the socket close, its close handlers have run.
  await socketClosed;
  await new Promise((resolve) => setImmediate(resolve));
  return (await call(app, 'GET', `/v1/generations/${id}`)).json();
}

test('openai.disconnect-continues: a streaming client that goes away leaves its generation queued', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('openai.disconnect-continues'));
  const cancelled = await stateAfterDisconnect(clean);
  assert.deepEqual([cancelled.state, cancelled.outcome?.finishReason], ['finished', 'cancelled']);
  assert.equal((await stateAfterDisconnect(faulty)).state, 'queued');
  for (const app of [clean, faulty]) await app.close();
});
