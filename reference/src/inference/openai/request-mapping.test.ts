import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeError } from '../../errors.ts';
import { CONFORMING_MAPPING, chatPromptText, mapChatRequest, mapCompletionRequest, seedString, stopSequences } from './request-mapping.ts';

const bytes = (text: string): number[] => Array.from(Buffer.from(text, 'utf8'));

function assertBadRequest(run: () => unknown): void {
  assert.throws(run, (error: unknown) => error instanceof RuntimeError && error.code === 'E_PROTOCOL_BAD_REQUEST');
}

test('a completion prompt becomes its UTF-8 bytes, as a string or an array of one string; token ids stay', () => {
  assert.deepEqual(mapCompletionRequest({ model: 'default', prompt: 'Hé!' }).input, { model: 'default', prompt: [72, 0xc3, 0xa9, 33] });
  assert.deepEqual(mapCompletionRequest({ model: 'default', prompt: ['ab'] }).input.prompt, [97, 98]);
  assert.deepEqual(mapCompletionRequest({ model: 'default', prompt: [300, 0, 7] }).input.prompt, [300, 0, 7]);
  assert.deepEqual(mapCompletionRequest({ model: 'default', prompt: [] }).input.prompt, []);
});

test('the chat prompt is "<role>: <content>\\n" per message, then "assistant: "', () => {
  const messages = [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Hi' },
  ];
  assert.equal(chatPromptText(messages), 'system: Be brief.\nuser: Hi\nassistant: ');
  assert.deepEqual(mapChatRequest({ model: 'default', messages }).input.prompt, bytes('system: Be brief.\nuser: Hi\nassistant: '));
  const withoutCue = mapChatRequest({ model: 'default', messages }, { ...CONFORMING_MAPPING, chatWithoutCue: true });
  assert.deepEqual(withoutCue.input.prompt, bytes('system: Be brief.\nuser: Hi\n'));
});

test('max_completion_tokens takes precedence over max_tokens; an absent limit stays absent', () => {
  const messages = [{ role: 'user' as const, content: 'x' }];
  assert.equal(mapChatRequest({ model: 'm', messages, max_tokens: 5, max_completion_tokens: 7 }).input.maxTokens, 7);
  assert.equal(mapChatRequest({ model: 'm', messages, max_tokens: 5 }).input.maxTokens, 5);
  assert.equal('maxTokens' in mapChatRequest({ model: 'm', messages }).input, false);
  assert.equal(mapCompletionRequest({ model: 'm', prompt: 'x', max_tokens: 3 }).input.maxTokens, 3);
});

test('sampling members map to temperature, topP and the u64 decimal seed', () => {
  const { input } = mapCompletionRequest({ model: 'm', prompt: 'x', temperature: 0.7, top_p: 0.9, seed: 42, user: 'someone' });
  assert.deepEqual(input, { model: 'm', prompt: [120], temperature: 0.7, topP: 0.9, seed: '42' });
  const dropped = mapCompletionRequest({ model: 'm', prompt: 'x', seed: 42 }, { ...CONFORMING_MAPPING, dropSeed: true });
  assert.equal(dropped.input.seed, undefined);
});

test('seeds are written as decimal integers, without exponent', () => {
  assert.equal(seedString(0), '0');
  assert.equal(seedString(Number.MAX_SAFE_INTEGER), '9007199254740991');
  assert.equal(seedString(2 ** 40), '1099511627776');
});

test('stop strings become byte sequences; more than 64 bytes is a bad request', () => {
  assert.deepEqual(stopSequences('\n'), [[10]]);
  assert.deepEqual(stopSequences(['é', 'ab']), [[0xc3, 0xa9], [97, 98]]);
  assert.equal(stopSequences('é'.repeat(32)).length, 1);
  assertBadRequest(() => stopSequences('é'.repeat(33)));
  assert.deepEqual(mapCompletionRequest({ model: 'm', prompt: 'x', stop: 'y' }).input.stop, [[121]]);
  const dropped = mapCompletionRequest({ model: 'm', prompt: 'x', stop: 'y' }, { ...CONFORMING_MAPPING, dropStop: true });
  assert.equal(dropped.input.stop, undefined);
});

test('only n = 1 is served; other values are E_PROTOCOL_BAD_REQUEST unless the fault accepts them', () => {
  assert.equal(mapCompletionRequest({ model: 'm', prompt: 'x', n: 1 }).input.prompt.length, 1);
  assertBadRequest(() => mapCompletionRequest({ model: 'm', prompt: 'x', n: 2 }));
  assertBadRequest(() => mapChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 3 }));
  assert.equal(mapCompletionRequest({ model: 'm', prompt: 'x', n: 2 }, { ...CONFORMING_MAPPING, acceptAnyN: true }).stream, false);
});

test('include_usage counts only for streamed requests', () => {
  assert.deepEqual(
    [true, false].map((stream) => mapCompletionRequest({ model: 'm', prompt: 'x', stream, stream_options: { include_usage: true } })),
    [
      { input: { model: 'm', prompt: [120] }, stream: true, includeUsage: true },
      { input: { model: 'm', prompt: [120] }, stream: false, includeUsage: false },
    ],
  );
  assert.equal(mapCompletionRequest({ model: 'm', prompt: 'x', stream: true }).includeUsage, false);
});
