import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUCKET_BOUNDS, expectedCounterMoves, expectedHistogramMoves } from './telemetry-model.ts';

const generation = (finishReason: string, promptTokens: number, completionTokens: number, cachedTokens: number, steps: number) => ({
  finishReason, usage: { promptTokens, completionTokens, cachedTokens }, timing: { steps },
});

test('counter moves add up outcomes, usage and steps', () => {
  const moves = expectedCounterMoves([generation('length', 12, 5, 0, 5), generation('stop', 20, 2, 16, 2), generation('length', 20, 5, 16, 5)]);
  const by = Object.fromEntries(moves.map((m) => [`${m.sample}${JSON.stringify(m.labels)}`, m.by]));
  assert.deepEqual(by, {
    'litellm_generations_total{"outcome":"stop"}': 1,
    'litellm_generations_total{"outcome":"length"}': 2,
    'litellm_generations_total{"outcome":"cancelled"}': 0,
    'litellm_generations_total{"outcome":"error"}': 0,
    'litellm_generated_tokens_total{}': 12,
    'litellm_prompt_tokens_total{}': 52,
    'litellm_prompt_cached_tokens_total{}': 32,
    'litellm_scheduler_steps_total{}': 12,
  });
});

test('histogram moves: one first token per generation that sampled one, one gap per later token, one step each', () => {
  const moves = expectedHistogramMoves([generation('length', 3, 4, 0, 4), generation('cancelled', 3, 0, 0, 0), generation('length', 3, 1, 0, 1)]);
  assert.deepEqual(moves.map((m) => [m.sample, m.by]), [
    ['litellm_time_to_first_token_seconds_count', 2],
    ['litellm_inter_token_latency_seconds_count', 3],
    ['litellm_scheduler_batch_sequences_count', 5],
    ['litellm_scheduler_batch_sequences_sum', 5],
  ]);
});

test('bucket bounds ascend strictly', () => {
  for (const [name, bounds] of Object.entries(BUCKET_BOUNDS)) {
    assert.ok(bounds.every((b, i) => i === 0 || b > bounds[i - 1]!), name);
  }
});
