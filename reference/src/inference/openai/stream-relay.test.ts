import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSchema } from '../../test-support/inject.ts';
import { Generation, type GenerationEvent } from '../generation/generation.ts';
import { ResponseBuilder, CONFORMING_BUILDERS, type OpenAiKind } from './response-builders.ts';
import { collectResult, relayGeneration, CONFORMING_RELAY, DONE_DATA, type RelayFaults } from './stream-relay.ts';

const ID = 'gen-0123456789abcdef';
const USAGE = { type: 'usage', finishReason: 'length', promptTokens: 5, completionTokens: 4, cachedTokens: 0, totalTokens: 9 } as const;
// "hé!" in four tokens: the first byte of é completes no character.
const EVENTS: GenerationEvent[] = [
  { type: 'start', id: ID, model: 'default', promptTokens: 5 },
  { type: 'token', index: 0, token: 104, text: 'h' },
  { type: 'token', index: 1, token: 0xc3, text: '' },
  { type: 'token', index: 2, token: 0xa9, text: 'é' },
  { type: 'token', index: 3, token: 33, text: '!' },
  USAGE,
  { type: 'done' },
];

function builder(kind: OpenAiKind): ResponseBuilder {
  return new ResponseBuilder({ kind, generationId: ID, model: 'default', created: 1_700_000_000 }, CONFORMING_BUILDERS);
}

/** Relays `events` (the first `before` of them emitted before the relay subscribes) and returns the data lines. */
function relay(kind: OpenAiKind, includeUsage: boolean, events = EVENTS, before = 0, faults: RelayFaults = CONFORMING_RELAY): { data: string[]; ended: boolean } {
  const generation = new Generation(ID, 'default', 't1', 5);
  for (const event of events.slice(0, before)) generation.emit(event);
  const data: string[] = [];
  let ended = false;
  relayGeneration(generation, builder(kind), { kind, includeUsage, faults }, {
    send: ({ data: line }) => {
      assert.equal(ended, false, 'nothing is sent after the end');
      data.push(line);
    },
    end: () => {
      ended = true;
    },
  });
  for (const event of events.slice(before)) generation.emit(event);
  return { data, ended };
}

const chunksOf = (data: string[]): Record<string, unknown>[] => data.filter((line) => line !== DONE_DATA).map((line) => JSON.parse(line) as Record<string, unknown>);

test('a chat stream: the role first, one chunk per token event, the finish reason, [DONE]', () => {
  for (const before of [0, 3, EVENTS.length]) {
    const { data, ended } = relay('chat', false, EVENTS, before);
    assert.ok(ended);
    assert.equal(data.at(-1), DONE_DATA);
    const chunks = chunksOf(data);
    for (const chunk of chunks) assertSchema('openai-chat-chunk', chunk);
    const deltas = chunks.map((chunk) => (chunk.choices as { delta: unknown; finish_reason: unknown }[])[0]);
    assert.deepEqual(deltas, [
      { index: 0, delta: { role: 'assistant' }, finish_reason: null, logprobs: null },
      { index: 0, delta: { content: 'h' }, finish_reason: null, logprobs: null },
      { index: 0, delta: { content: '' }, finish_reason: null, logprobs: null },
      { index: 0, delta: { content: 'é' }, finish_reason: null, logprobs: null },
      { index: 0, delta: { content: '!' }, finish_reason: null, logprobs: null },
      { index: 0, delta: {}, finish_reason: 'length', logprobs: null },
    ]);
    assert.ok(chunks.every((chunk) => chunk.id === ID && !('usage' in chunk)));
  }
});

test('include_usage adds "usage": null to every chunk and a usage chunk without choices before [DONE]', () => {
  const { data } = relay('completion', true);
  const chunks = chunksOf(data);
  for (const chunk of chunks) assertSchema('openai-completion-chunk', chunk);
  assert.equal(chunks.map((chunk) => (chunk.choices as { text: string }[])[0]?.text ?? '').join(''), 'hé!');
  assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));
  assert.deepEqual(chunks.at(-1), {
    id: ID, object: 'text_completion', created: 1_700_000_000, model: 'default', choices: [],
    usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9, prompt_tokens_details: { cached_tokens: 0 } },
  });
  assert.equal(data.at(-1), DONE_DATA);
});

test('an error event is sent as the error object, then [DONE]', () => {
  const error = { code: 'E_DEADLINE_EXCEEDED', domain: 'deadline', message: 'the deadline passed', retryable: true };
  const { data, ended } = relay('chat', false, [EVENTS[0]!, EVENTS[1]!, { type: 'error', error }]);
  assert.ok(ended);
  assert.deepEqual(data.slice(-2), [JSON.stringify({ error }), DONE_DATA]);
  assert.deepEqual(collectResult([EVENTS[0]!, EVENTS[1]!, { type: 'error', error }]), { kind: 'error', error });
});

test('the collected text is the concatenation of the streamed texts', () => {
  const streamed = chunksOf(relay('completion', false).data).map((chunk) => (chunk.choices as { text: string }[])[0]!.text).join('');
  const collected = collectResult(EVENTS);
  assert.equal(collected.kind, 'ok');
  assert.equal(collected.kind === 'ok' && collected.text, streamed);
  assert.deepEqual(collectResult(EVENTS.slice(0, 3)).kind, 'error', 'events without usage are no result');
});

test('the stream-no-done deviation ends streams without [DONE]', () => {
  const { data, ended } = relay('chat', false, EVENTS, 0, { omitDone: true });
  assert.ok(ended);
  assert.equal(data.includes(DONE_DATA), false);
});
