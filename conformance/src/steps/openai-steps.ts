// The OpenAI framing of generations (SPEC-047 §4.8): OpenAI-shaped requests compared with the native generation of
// the same tokens, streams read back into text, refusals compared with the native route's, and a streaming client
// that goes away. Expected prompts come from the harness's own template (support/openai-framing.ts).
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { openEventStream, type EventStream } from '../driver/sse-client.ts';
import { assertFailsWith, assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import {
  acceptResult,
  finishedStatus,
  generationStatus,
  kvFigures,
  sendGenerate,
  type GenerateBody,
  type GenerationResult,
} from '../support/generation-calls.ts';
import { chatTemplate, nativeRequest, readOpenAiStream, utf8Bytes, type ChatMessage, type OpenAiMembers, type ReadStream } from '../support/openai-framing.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import { schemaRegistry } from '../support/run-context.ts';
import type { ConformanceWorld } from '../support/world.ts';

const MODEL = 'default';
const STREAM_WAIT_MS = 10_000;
const REQUEST = 'openai request';
const ANSWER = 'openai answer';
const STREAM = 'openai stream';
const STREAM_ID = 'openai stream generation id';
const STOP_CHOICE = 'openai stop character';
const OPEN_STREAM = 'openai open stream';

type Kind = 'completion' | 'chat';

/** One OpenAI request of a scenario: who sent it, where, and the native request of the same generation. */
interface SentRequest {
  who: Principal;
  kind: Kind;
  body: Record<string, unknown>;
  native: GenerateBody;
}

interface OpenAiAnswer {
  id: string;
  object: string;
  model: string;
  choices: { index: number; text?: string; message?: { role: string; content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const PATHS: Record<Kind, string> = { completion: '/v1/completions', chat: '/v1/chat/completions' };

function membersOf(json: string): OpenAiMembers {
  return json.trim() === '' ? {} : (JSON.parse(json) as OpenAiMembers);
}

function messagesOf(table: DataTable): ChatMessage[] {
  return table.hashes().map((row) => ({ role: row.role ?? '', content: (row.content ?? '').replaceAll('\\n', '\n') }));
}

function completionRequest(who: Principal, prompt: string, members: OpenAiMembers): SentRequest {
  return { who, kind: 'completion', body: { model: MODEL, prompt, ...members }, native: nativeRequest(MODEL, utf8Bytes(prompt), members) as unknown as GenerateBody };
}

function chatRequest(who: Principal, messages: ChatMessage[], members: OpenAiMembers): SentRequest {
  const native = nativeRequest(MODEL, utf8Bytes(chatTemplate(messages)), members) as unknown as GenerateBody;
  return { who, kind: 'chat', body: { model: MODEL, messages, ...members }, native };
}

async function ask(world: ConformanceWorld, request: SentRequest): Promise<void> {
  world.remembered.set(REQUEST, request);
  await sendRecorded(world, request.who, { method: 'POST', path: PATHS[request.kind], body: request.body });
  const schema = request.kind === 'completion' ? 'protocol/openai-completion' : 'protocol/openai-chat-completion';
  world.remembered.set(ANSWER, assertSucceeds(world, world.last, 200, schema, `POST ${PATHS[request.kind]}`));
}

async function native(world: ConformanceWorld, request: SentRequest, overrides: Partial<GenerateBody> = {}): Promise<GenerationResult> {
  const body = { ...request.native, ...overrides };
  return acceptResult(world, await sendGenerate(world, request.who, body), body, 'POST /v1/generate');
}

function textOf(answer: OpenAiAnswer): string {
  const choice = answer.choices[0]!;
  return choice.text ?? choice.message?.content ?? '';
}

When('{principal} asks for the OpenAI completion of {string} with {string}', async function (this: ConformanceWorld, who: Principal, prompt: string, members: string) {
  await ask(this, completionRequest(who, prompt, membersOf(members)));
});

When('{principal} asks for the OpenAI chat completion with {string} of:', async function (this: ConformanceWorld, who: Principal, members: string, table: DataTable) {
  await ask(this, chatRequest(who, messagesOf(table), membersOf(members)));
});

Given(
  '{principal} picked a stop character from the generation of {string} with {string}',
  async function (this: ConformanceWorld, who: Principal, prompt: string, json: string) {
    const members = membersOf(json);
    const free = await native(this, completionRequest(who, prompt, members));
    // A printable ASCII character after the first token: one byte, so its token is exactly that character.
    const at = free.tokens.findIndex((token, i) => i > 0 && token >= 0x20 && token <= 0x7e);
    assert.ok(at > 0, `the free completion ${JSON.stringify(free.tokens)} holds no printable ASCII byte after its first token`);
    this.remembered.set(STOP_CHOICE, { prompt, members, stop: String.fromCharCode(free.tokens[at]!) });
  },
);

When('{principal} asks for that OpenAI completion with the stop character', async function (this: ConformanceWorld, who: Principal) {
  const { prompt, members, stop } = this.recall<{ prompt: string; members: OpenAiMembers; stop: string }>(STOP_CHOICE);
  await ask(this, completionRequest(who, prompt, { ...members, stop: [stop] }));
});

Then('the answer is the native generation of the same tokens: text, finish reason and usage', async function (this: ConformanceWorld) {
  const request = this.recall<SentRequest>(REQUEST);
  const answer = this.recall<OpenAiAnswer>(ANSWER);
  const expected = await native(this, request);
  assert.equal(answer.object, request.kind === 'completion' ? 'text_completion' : 'chat.completion');
  assert.equal(answer.model, MODEL);
  assert.equal(answer.choices.length, 1, 'exactly one choice');
  if (request.kind === 'chat') assert.equal(answer.choices[0]!.message?.role, 'assistant');
  assert.equal(textOf(answer), expected.text, 'the text is not the native generation\'s');
  assert.equal(answer.choices[0]!.finish_reason, expected.finishReason, 'finish_reason');
  assert.deepEqual(
    [answer.usage.prompt_tokens, answer.usage.completion_tokens, answer.usage.total_tokens],
    [expected.usage.promptTokens, expected.usage.completionTokens, expected.usage.totalTokens],
    'usage is not the native generation\'s',
  );
  assert.equal(answer.usage.prompt_tokens, request.native.prompt.length, 'prompt_tokens is not the prompt\'s UTF-8 byte count');
  // The id is a generation id: its status answers the same caller with the same text.
  const status = await finishedStatus(this, request.who, answer.id);
  assert.equal(status.outcome?.text, textOf(answer), 'the generation named by the id holds another text');
});

Then('the answer ended at the stop string with finish reason {string}', function (this: ConformanceWorld, reason: string) {
  assert.equal(this.recall<OpenAiAnswer>(ANSWER).choices[0]!.finish_reason, reason);
});

Then('the native generation with seed 0 differs from it', async function (this: ConformanceWorld) {
  const unseeded = await native(this, this.recall<SentRequest>(REQUEST), { seed: '0' });
  assert.notEqual(unseeded.text, textOf(this.recall<OpenAiAnswer>(ANSWER)), 'seed 0 gives the same text, so the seed is not observed');
});

async function stream(world: ConformanceWorld, request: SentRequest): Promise<void> {
  world.remembered.set(REQUEST, request);
  const outcome = await openEventStream(world.api, { method: 'POST', path: PATHS[request.kind], body: { ...request.body, stream: true }, ...credentialOf(world, request.who) });
  assert.equal(outcome.kind, 'stream', outcome.kind === 'response' ? `not an event stream: ${outcome.response.status} ${outcome.response.text.slice(0, 300)}` : '');
  if (outcome.kind !== 'stream') return;
  assert.equal(outcome.stream.status, 200);
  const events = await outcome.stream.all(STREAM_WAIT_MS);
  assert.deepEqual(outcome.stream.parser.problems, [], 'the event stream is not well framed');
  world.remembered.set(STREAM, readOpenAiStream(events));
}

When('{principal} streams the OpenAI completion of {string} with {string}', async function (this: ConformanceWorld, who: Principal, prompt: string, members: string) {
  await stream(this, completionRequest(who, prompt, membersOf(members)));
});

When('{principal} streams the OpenAI chat completion with {string} of:', async function (this: ConformanceWorld, who: Principal, members: string, table: DataTable) {
  await stream(this, chatRequest(who, messagesOf(table), membersOf(members)));
});

Then('the stream is valid chunks ending with [DONE] whose texts make the non-streamed answer, the last with its finish reason', async function (this: ConformanceWorld) {
  const request = this.recall<SentRequest>(REQUEST);
  const read = this.recall<ReadStream>(STREAM);
  assert.deepEqual(read.problems, [], 'the data lines are not chunks then [DONE]');
  assert.ok(read.endsWithDone, 'the stream does not end with data: [DONE]');
  const schema = request.kind === 'completion' ? 'protocol/openai-completion-chunk' : 'protocol/openai-chat-chunk';
  for (const [i, chunk] of read.chunks.entries()) {
    const check = schemaRegistry().check(schema, chunk);
    assert.ok(check.valid, `chunk ${i} is not valid against ${schema}: ${JSON.stringify(check.errors)}`);
  }
  assert.equal(new Set(read.chunks.map((chunk) => chunk.id)).size, 1, 'the chunks carry more than one id');
  await ask(this, request);
  const answer = this.recall<OpenAiAnswer>(ANSWER);
  assert.equal(read.text, textOf(answer), 'the streamed texts do not make the non-streamed text');
  assert.equal(read.lastFinishReason, answer.choices[0]!.finish_reason, 'the last chunk does not carry the finish reason');
});

When('{principal} sends this OpenAI request to {string}:', async function (this: ConformanceWorld, who: Principal, path: string, body: string) {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  this.remembered.set(REQUEST, { who, path, body: parsed });
  await sendRecorded(this, who, { method: 'POST', path, body: parsed });
});

Then('the native generation of the same tokens fails with {word}', async function (this: ConformanceWorld, code: string) {
  const { who, path, body } = this.recall<{ who: Principal; path: string; body: Record<string, unknown> & OpenAiMembers }>(REQUEST);
  const text = path === PATHS.chat ? chatTemplate(body.messages as ChatMessage[]) : String(body.prompt);
  const response = await sendGenerate(this, who, nativeRequest(String(body.model), utf8Bytes(text), body) as unknown as GenerateBody);
  assertFailsWith(this, code, response);
});

When('{principal} starts streaming the OpenAI chat completion of {string} with {string}', async function (this: ConformanceWorld, who: Principal, content: string, members: string) {
  const request = chatRequest(who, [{ role: 'user', content }], membersOf(members));
  const outcome = await openEventStream(this.api, { method: 'POST', path: PATHS.chat, body: { ...request.body, stream: true }, ...credentialOf(this, who) });
  assert.equal(outcome.kind, 'stream', 'the answer is not an event stream');
  if (outcome.kind !== 'stream') return;
  this.remembered.set(REQUEST, request);
  this.remembered.set(OPEN_STREAM, outcome.stream);
});

When('the client closes that stream after its first chunk', async function (this: ConformanceWorld) {
  const open = this.recall<EventStream>(OPEN_STREAM);
  assert.ok(await open.until((events) => events.length > 0, STREAM_WAIT_MS, 'first chunk'), 'the stream ended before its first chunk');
  const first = JSON.parse(open.events[0]!.data) as { id: string };
  await open.abort();
  this.remembered.set(STREAM_ID, first.id);
});

Then('that generation finishes cancelled with fewer than {int} tokens while the scheduler is paused', async function (this: ConformanceWorld, maxTokens: number) {
  const { who } = this.recall<SentRequest>(REQUEST);
  const status = await finishedStatus(this, who, this.recall<string>(STREAM_ID));
  assert.equal(status.outcome?.finishReason, 'cancelled');
  assert.ok((status.outcome?.tokens.length ?? maxTokens) < maxTokens, 'the cancelled generation has all its tokens');
  assert.equal((await generationStatus(this, who, status.id)).state, 'finished');
});

Then('no KV page is active', async function (this: ConformanceWorld) {
  assert.equal((await kvFigures(this)).pagesActive, 0);
});
