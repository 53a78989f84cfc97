import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatTemplate, nativeRequest, readOpenAiStream, utf8Bytes } from './openai-framing.ts';

test('the chat template frames each message and ends with the assistant cue', () => {
  assert.equal(chatTemplate([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Grüß\nok' }]), 'system: Be brief.\nuser: Grüß\nok\nassistant: ');
  assert.deepEqual(utf8Bytes('ü✓'), [0xc3, 0xbc, 0xe2, 0x9c, 0x93]);
});

test('OpenAI members map to the native request of the same generation', () => {
  assert.deepEqual(nativeRequest('default', [97], {}), { model: 'default', prompt: [97] });
  assert.deepEqual(nativeRequest('default', [97], { max_tokens: 5, temperature: 0.5, top_p: 0.9, seed: 12, stop: 'é', stream: true, n: 1 }), {
    model: 'default', prompt: [97], maxTokens: 5, temperature: 0.5, topP: 0.9, seed: '12', stop: [[0xc3, 0xa9]],
  });
  assert.deepEqual(nativeRequest('default', [97], { stop: ['a', 'bc'] }).stop, [[97], [98, 99]]);
});

const data = (...lines: string[]) => lines.map((line) => ({ event: 'message', data: line }));

test('a stream is read into its text, its last finish reason and whether it ends with [DONE]', () => {
  const chat = readOpenAiStream(data(
    JSON.stringify({ choices: [{ delta: { role: 'assistant' }, finish_reason: null }] }),
    JSON.stringify({ choices: [{ delta: { content: 'Hi' }, finish_reason: null }] }),
    JSON.stringify({ choices: [{ delta: {}, finish_reason: 'length' }] }),
    JSON.stringify({ choices: [], usage: { total_tokens: 3 } }),
    '[DONE]',
  ));
  assert.deepEqual([chat.text, chat.lastFinishReason, chat.endsWithDone, chat.problems, chat.chunks.length], ['Hi', 'length', true, [], 4]);
  const completion = readOpenAiStream(data(JSON.stringify({ choices: [{ text: 'a', finish_reason: null }] }), JSON.stringify({ choices: [{ text: '', finish_reason: 'stop' }] })));
  assert.deepEqual([completion.text, completion.lastFinishReason, completion.endsWithDone], ['a', 'stop', false]);
});

test('framing problems: a line after [DONE], a line that is not JSON, an event field', () => {
  const read = readOpenAiStream([...data('[DONE]', 'oops'), { event: 'chunk', data: '{}' }]);
  assert.equal(read.problems.length, 4);
  assert.equal(read.endsWithDone, false);
});
