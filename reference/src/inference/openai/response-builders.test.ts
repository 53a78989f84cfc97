import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSchema } from '../../test-support/inject.ts';
import { ResponseBuilder, CONFORMING_BUILDERS, type OpenAiKind } from './response-builders.ts';

const ID = 'gen-0123456789abcdef';
const USAGE = { type: 'usage', finishReason: 'length', promptTokens: 5, completionTokens: 4, cachedTokens: 0, totalTokens: 9 } as const;

function builder(kind: OpenAiKind): ResponseBuilder {
  return new ResponseBuilder({ kind, generationId: ID, model: 'default', created: 1_700_000_000 }, CONFORMING_BUILDERS);
}

test('non-streamed bodies are valid and carry the usage record under OpenAI names', () => {
  const completion = builder('completion').body('hé!', USAGE);
  assertSchema('openai-completion', completion);
  assert.deepEqual(completion.choices, [{ index: 0, text: 'hé!', finish_reason: 'length', logprobs: null }]);
  const chat = builder('chat').body('hé!', { ...USAGE, finishReason: 'stop', cachedTokens: 16 });
  assertSchema('openai-chat-completion', chat);
  assert.deepEqual(chat.choices, [{ index: 0, message: { role: 'assistant', content: 'hé!' }, finish_reason: 'stop', logprobs: null }]);
  assert.deepEqual(chat.usage, { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9, prompt_tokens_details: { cached_tokens: 16 } });
  assert.equal(chat.object, 'chat.completion');
  assert.deepEqual([completion.id, chat.id], [ID, ID], 'the OpenAI id is the generation id');
  const faulty = new ResponseBuilder({ kind: 'chat', generationId: ID, model: 'default', created: 0 }, { totalWithoutPrompt: true, finishAlwaysStop: true });
  const body = faulty.body('x', USAGE);
  assert.deepEqual([body.usage.total_tokens, body.choices[0]!.finish_reason], [4, 'stop']);
});
