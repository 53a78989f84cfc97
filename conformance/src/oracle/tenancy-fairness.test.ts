import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrivalOrderQueueSteps, bucketRetryAfterAtMost, fairQueueBound, repeatCachedTokens } from './tenancy-fairness.ts';

test('the fair-queue bound is the largest maxTokens of the others, where the batch holds every queued tenant', () => {
  assert.equal(fairQueueBound([{ maxTokens: 8 }, { maxTokens: 3 }, { maxTokens: 8 }], 1, 2), 8);
  assert.equal(fairQueueBound([], 0, 1), 0);
  assert.equal(fairQueueBound([{ maxTokens: 8 }], 2, 2), null);
});

test('arrival order runs waves of maxBatch', () => {
  // 12 requests ahead, 2 slots, 8 steps each: the 13th starts in wave 6.
  assert.equal(arrivalOrderQueueSteps(12, 2, 8), 48);
  assert.equal(arrivalOrderQueueSteps(1, 2, 8), 0);
  assert.equal(arrivalOrderQueueSteps(2, 2, 8), 8);
});

test('a bucket of one token per minute after a request of 12 asks for 720 s', () => {
  assert.equal(bucketRetryAfterAtMost(1, 12, 12), 720);
  assert.equal(bucketRetryAfterAtMost(60, 50, 30), 20);
  assert.equal(bucketRetryAfterAtMost(600_000, 600_000, 1), 1);
});

test('a repeat reuses the full prompt pages before the last prompt token', () => {
  assert.deepEqual([1, 16, 17, 32, 33, 40].map(repeatCachedTokens), [0, 0, 16, 16, 32, 32]);
});
