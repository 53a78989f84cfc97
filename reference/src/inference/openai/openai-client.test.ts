// The OpenAI-compatible routes through the official `openai` client against the runtime started as `npm run serve`
// starts it (its own process, listening on loopback): what a client written for OpenAI sees, including streaming and
// its error classes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { ADMIN } from '../../test-support/inject.ts';

// package.json: "serve": "node --import tsx reference/src/main.ts".
const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));

let server: ChildProcess;
let base: string;
let client: OpenAI;

async function post(path: string, token: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

let tenantToken = '';

before(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', MAIN, '--mode', 'conformance', '--port', '0', '--admin-token', ADMIN, '--log-level', 'silent'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
  base = (JSON.parse(line) as { url: string }).url;
  const tenant = await post('/v1/conformance/tenants', ADMIN, { name: 'openai-client' });
  assert.equal(tenant.status, 201);
  tenantToken = String(tenant.json.token);
  assert.equal((await post('/v1/models', ADMIN, { builtin: 'default' })).status, 201);
  client = new OpenAI({ baseURL: `${base}/v1`, apiKey: tenantToken, maxRetries: 0 });
});

after(async () => {
  server.kill('SIGTERM');
  await once(server, 'exit');
});

/** The native route's text for the same prompt bytes and options: what the OpenAI framing must reproduce. */
async function generateText(prompt: string, options: Record<string, unknown>): Promise<{ text: string; finishReason: string }> {
  const response = await post('/v1/generate', tenantToken, { model: 'default', prompt: Array.from(Buffer.from(prompt, 'utf8')), ...options });
  assert.equal(response.status, 200, JSON.stringify(response.json));
  return { text: String(response.json.text), finishReason: String(response.json.finishReason) };
}

test('a completion: its text is the generation of the prompt bytes, and usage adds up', async () => {
  const completion = await client.completions.create({ model: 'default', prompt: 'Hello, world', max_tokens: 12 });
  assert.equal(completion.object, 'text_completion');
  assert.equal(completion.model, 'default');
  assert.ok(Number.isInteger(completion.created));
  const choice = completion.choices[0]!;
  const expected = await generateText('Hello, world', { maxTokens: 12 });
  assert.deepEqual([choice.text, choice.finish_reason], [expected.text, expected.finishReason]);
  // The id is the generation's: its status holds the same text.
  const status = await fetch(`${base}/v1/generations/${completion.id}`, { headers: { authorization: `Bearer ${tenantToken}` } });
  assert.equal(status.status, 200);
  assert.equal(((await status.json()) as { outcome: { text: string } }).outcome.text, choice.text);
  assert.equal(completion.usage?.prompt_tokens, 12);
  assert.equal(completion.usage?.completion_tokens, 12);
  assert.equal(completion.usage?.total_tokens, 24);
});

const CHAT = {
  model: 'default',
  messages: [
    { role: 'system' as const, content: 'Answer briefly.' },
    { role: 'user' as const, content: 'Hi' },
  ],
  max_tokens: 10,
  temperature: 0.9,
  seed: 7,
};
const CHAT_PROMPT = 'system: Answer briefly.\nuser: Hi\nassistant: ';

test('a chat completion: the framed prompt, sampled with the seed, as the native route samples it', async () => {
  const chat = await client.chat.completions.create(CHAT);
  assert.equal(chat.object, 'chat.completion');
  const choice = chat.choices[0]!;
  assert.equal(choice.message.role, 'assistant');
  const expected = await generateText(CHAT_PROMPT, { maxTokens: 10, temperature: 0.9, seed: '7' });
  assert.equal(choice.message.content, expected.text);
  assert.equal(chat.usage?.prompt_tokens, Buffer.byteLength(CHAT_PROMPT));
  assert.equal(chat.usage?.total_tokens, (chat.usage?.prompt_tokens ?? 0) + (chat.usage?.completion_tokens ?? 0));
});

test('a streamed chat completion: the deltas concatenate to the non-streamed content, and usage adds up', async () => {
  const whole = await client.chat.completions.create(CHAT);
  const stream = await client.chat.completions.create({ ...CHAT, stream: true, stream_options: { include_usage: true } });
  let content = '';
  let role: string | undefined;
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | null | undefined;
  let chunks = 0;
  const ids = new Set<string>();
  for await (const chunk of stream) {
    chunks++;
    assert.equal(chunk.object, 'chat.completion.chunk');
    ids.add(chunk.id);
    const choice = chunk.choices[0];
    if (choice !== undefined) {
      role ??= choice.delta.role;
      content += choice.delta.content ?? '';
      finish = choice.finish_reason ?? finish;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  assert.ok(chunks >= 3, `${chunks} chunks`);
  assert.equal(ids.size, 1, 'every chunk carries the same id');
  assert.notEqual([...ids][0], whole.id, 'each request is its own generation');
  assert.equal(role, 'assistant');
  // Deltas are the incremental decoding; the whole content also decodes an incomplete UTF-8 ending, as U+FFFD.
  const wholeContent = whole.choices[0]!.message.content ?? '';
  assert.ok(wholeContent === content || wholeContent === `${content}\uFFFD`, `${JSON.stringify(content)} vs ${JSON.stringify(wholeContent)}`);
  assert.equal(finish, whole.choices[0]!.finish_reason);
  assert.deepEqual(usage, whole.usage);
  assert.equal(usage?.total_tokens, (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
});

test('a stop string ends the completion before it, with finish_reason "stop", as the native route ends it', async () => {
  // Sampled, so that the completion holds printable ASCII to stop at (the built-in model's greedy output does not).
  const sampling = { model: 'default', prompt: 'abc', max_tokens: 16, temperature: 0.9, seed: 7 };
  const text = (await client.completions.create(sampling)).choices[0]!.text;
  const stop = [...text].slice(1).find((c) => c >= ' ' && c <= '~');
  assert.ok(stop !== undefined, `the completion "${text}" holds a printable ASCII character after its first`);
  const cut = await client.completions.create({ ...sampling, stop: [stop] });
  const expected = await generateText('abc', { maxTokens: 16, temperature: 0.9, seed: '7', stop: [[stop.charCodeAt(0)]] });
  assert.deepEqual([cut.choices[0]!.text, cut.choices[0]!.finish_reason], [expected.text, 'stop']);
  assert.ok(text.startsWith(cut.choices[0]!.text) && cut.choices[0]!.text.length < text.length);
});

test('a bad request is an APIError with the runtime\'s code and message', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'default', messages: [{ role: 'user', content: 'Hi' }], n: 2 }),
    (error: unknown) => error instanceof OpenAI.BadRequestError && error.status === 400 && error.code === 'E_PROTOCOL_BAD_REQUEST' && error.message.includes('n'),
  );
  await assert.rejects(
    client.completions.create({ model: 'absent', prompt: 'x' }),
    (error: unknown) => error instanceof OpenAI.APIError && error.status === 404 && error.code === 'E_MODEL_NOT_FOUND',
  );
  await assert.rejects(
    client.completions.create({ model: 'default', prompt: 'x', max_tokens: 64 }),
    (error: unknown) => error instanceof OpenAI.APIError && error.status === 400 && error.code === 'E_GENERATION_LENGTH',
  );
  const stranger = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'not-a-known-token-000', maxRetries: 0 });
  await assert.rejects(stranger.completions.create({ model: 'default', prompt: 'x' }), (error: unknown) => error instanceof OpenAI.AuthenticationError);
});
