// The OpenAI routes on a small fastify instance over a scripted generation service: what reaches the service, what
// the client receives, and that a client going away cancels the generation. The real service is exercised by
// inference/openai/openai-client.test.ts.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { NO_FAULTS, parseFaults, type FaultSet } from '../faults.ts';
import { Generation } from '../inference/generation/generation.ts';
import type { GenerateInput } from '../inference/generation/service.ts';
import { loadSchemaDocuments } from '../schema-store.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import { AccessGuards } from './auth-hooks.ts';
import { Credentials, type Principal } from './credentials.ts';
import { ErrorResponder } from './error-envelope.ts';
import { loadErrorRegistry } from './error-registry.ts';
import { schemaControllerOptions } from './request-validation.ts';
import { registerOpenAiRoutes } from './routes-openai.ts';
import type { RuntimeContext } from './runtime-context.ts';

const REPLY = 'Hi there!';

/** Generates the bytes of REPLY, one token per event-loop turn, up to maxTokens; `hold` keeps it from starting. */
class ScriptedService {
  readonly inputs: GenerateInput[] = [];
  readonly generations: Generation[] = [];
  hold = false;
  private count = 0;

  submit(principal: Principal, input: GenerateInput): Generation {
    if (input.model !== 'default') throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${input.model} is not loaded`);
    this.inputs.push(input);
    const generation = new Generation(`gen-scripted-${++this.count}`, input.model, principal.kind, input.prompt.length);
    this.generations.push(generation);
    generation.emit({ type: 'start', id: generation.id, model: input.model, promptTokens: input.prompt.length });
    void this.run(generation, input.maxTokens ?? 16);
    return generation;
  }

  private async run(generation: Generation, maxTokens: number): Promise<void> {
    const bytes = Array.from(Buffer.from(REPLY, 'utf8')).slice(0, maxTokens);
    const decoder = new TextDecoder();
    let index = 0;
    while (this.hold || index < bytes.length) {
      await new Promise((resolve) => setImmediate(resolve));
      if (generation.cancelled) break;
      if (this.hold) continue;
      const token = bytes[index]!;
      generation.emit({ type: 'token', index, token, text: decoder.decode(Uint8Array.of(token), { stream: true }) });
      index++;
    }
    const finishReason = generation.cancelled ? 'cancelled' : 'length';
    const usage = { promptTokens: generation.promptTokens, completionTokens: index, cachedTokens: 0, totalTokens: generation.promptTokens + index };
    generation.emit({ type: 'usage', finishReason, ...usage });
    generation.emit({ type: 'done' });
    generation.finish({ id: generation.id, model: generation.model, tokens: bytes.slice(0, index), text: new TextDecoder().decode(Uint8Array.from(bytes.slice(0, index))), finishReason, usage, timing: { queueSteps: 0, steps: index } });
  }
}

const apps: FastifyInstance[] = [];
after(async () => {
  for (const app of apps) await app.close();
});

function build(faults: FaultSet = NO_FAULTS): { app: FastifyInstance; service: ScriptedService } {
  const documents = loadSchemaDocuments();
  const errors = new ErrorResponder(loadErrorRegistry(), faults);
  const credentials = new Credentials(ADMIN);
  const app = Fastify({ schemaController: schemaControllerOptions() });
  for (const document of documents) app.addSchema(document);
  errors.install(app);
  const ctx = { faults, credentials, errors, access: new AccessGuards(credentials, faults) } as unknown as RuntimeContext;
  const service = new ScriptedService();
  registerOpenAiRoutes(app, ctx, service, { epochSeconds: () => 1_700_000_123 });
  apps.push(app);
  return { app, service };
}

test('a completion maps its members onto the service and answers the OpenAI body', async () => {
  const { app, service } = build();
  const response = await call(app, 'POST', '/v1/completions', { body: { model: 'default', prompt: ['ab'], max_tokens: 4, seed: 12, stop: ['x'], user: 'u' } });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json<Record<string, unknown>>();
  assertSchema('openai-completion', body);
  assert.deepEqual(service.inputs, [{ model: 'default', prompt: [97, 98], maxTokens: 4, seed: '12', stop: [[120]] }]);
  assert.deepEqual(body, {
    id: 'gen-scripted-1', object: 'text_completion', created: 1_700_000_123, model: 'default',
    choices: [{ index: 0, text: 'Hi t', finish_reason: 'length', logprobs: null }],
    usage: { prompt_tokens: 2, completion_tokens: 4, total_tokens: 6, prompt_tokens_details: { cached_tokens: 0 } },
  });
});

test('a streamed chat completion is a text/event-stream of valid chunks ending with [DONE]', async () => {
  const { app } = build();
  const messages = [{ role: 'user', content: 'Hello' }];
  const response = await call(app, 'POST', '/v1/chat/completions', { body: { model: 'default', messages, stream: true, stream_options: { include_usage: true } } });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/event-stream/);
  const lines = response.body.split('\n\n').filter((line) => line !== '');
  assert.ok(lines.every((line) => line.startsWith('data: ')));
  assert.equal(lines.at(-1), 'data: [DONE]');
  const chunks = lines.slice(0, -1).map((line) => JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[]; usage: unknown });
  for (const chunk of chunks) assertSchema('openai-chat-chunk', chunk);
  assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), REPLY);
  const prompt = Buffer.byteLength('user: Hello\nassistant: ');
  assert.deepEqual(chunks.at(-1)!.usage, { prompt_tokens: prompt, completion_tokens: 9, total_tokens: prompt + 9, prompt_tokens_details: { cached_tokens: 0 } });
});

test('refusals keep the envelope and status: schema, n, the service\'s own codes, credentials', async () => {
  const { app, service } = build();
  const chat = (extra: Record<string, unknown>) => ({ model: 'default', messages: [{ role: 'user', content: 'x' }], ...extra });
  assertError(await call(app, 'POST', '/v1/chat/completions', { body: chat({ n: 2 }) }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/chat/completions', { body: chat({ logit_bias: {} }) }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/chat/completions', { body: chat({ messages: [{ role: 'tool', content: 'x' }] }) }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/completions', { body: { model: 'default', prompt: ['a', 'b'] } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'POST', '/v1/completions', { body: { model: 'other', prompt: 'a' } }), 404, 'E_MODEL_NOT_FOUND');
  assertError(await call(app, 'POST', '/v1/completions', { token: null, body: { model: 'default', prompt: 'a' } }), 401, 'E_AUTH_MISSING_CREDENTIAL');
  assert.equal(service.inputs.length, 0, 'nothing refused reached the service');
});

async function disconnectMidStream(faults: FaultSet): Promise<Generation> {
  const { app, service } = build(faults);
  service.hold = true;
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const socketClosed = new Promise<void>((resolve) => app.server.once('connection', (socket: Socket) => socket.once('close', () => resolve())));
  const abort = new AbortController();
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'default', messages: [{ role: 'user', content: 'x' }], stream: true }),
    signal: abort.signal,
  });
  const first = new TextDecoder().decode((await response.body!.getReader().read()).value as Uint8Array);
  assert.match(first, /^data: \{.*"delta":\{"role":"assistant"\}/);
  abort.abort();
  // Once the server has seen the socket close, the response's own close handlers have run; only then may the
  // scripted generation go on (to the end, unless it was cancelled).
  await socketClosed;
  await new Promise((resolve) => setImmediate(resolve));
  service.hold = false;
  return service.generations[0]!;
}

test('a client that disconnects from a stream cancels its generation', async () => {
  const generation = await disconnectMidStream(NO_FAULTS);
  assert.equal((await generation.done).finishReason, 'cancelled');
  const continued = await disconnectMidStream(parseFaults(['openai.disconnect-continues']));
  assert.equal((await continued.done).finishReason, 'length');
});

test('a client that goes away before a non-streamed answer cancels its generation', async () => {
  const { app, service } = build();
  service.hold = true;
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const socketClosed = new Promise<void>((resolve) => app.server.once('connection', (socket: Socket) => socket.once('close', () => resolve())));
  const abort = new AbortController();
  const answer = fetch(`${base}/v1/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'default', prompt: 'x' }),
    signal: abort.signal,
  }).catch((error: unknown) => error);
  while (service.generations.length === 0) await new Promise((resolve) => setImmediate(resolve));
  abort.abort();
  assert.ok((await answer) instanceof Error, 'the client gave up');
  await socketClosed;
  await new Promise((resolve) => setImmediate(resolve));
  service.hold = false;
  assert.equal((await service.generations[0]!.done).finishReason, 'cancelled');
});
