import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeError } from '../../errors.ts';
import { NO_FAULTS } from '../../faults.ts';
import { TenantPolicy } from './tenant-policy.ts';

const SMALL = { promptTokens: 4, maxTokens: 8 };

function refusal(fn: () => void): RuntimeError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof RuntimeError);
    assert.equal(error.code, 'E_TENANT_QUOTA');
    return error;
  }
  assert.fail('expected E_TENANT_QUOTA');
}

test('without a quota every request is admitted and counted', () => {
  const policy = new TenantPolicy(NO_FAULTS);
  for (let i = 0; i < 100; i += 1) policy.admit('a', SMALL, 0);
  assert.deepEqual(policy.usageOf('a', 0), { queued: 100, running: 0, generatedTokens: 0, tokensAvailable: null });
  assert.deepEqual(policy.quotaOf('a', 0), { maxConcurrent: null, tokensPerMinute: null });
});

test('maxConcurrent counts queued and running generations; a finished one frees its place', () => {
  const policy = new TenantPolicy(NO_FAULTS);
  policy.setQuota('a', { maxConcurrent: 2 }, 0);
  policy.admit('a', SMALL, 0);
  policy.started('a');
  policy.admit('a', SMALL, 0);
  const error = refusal(() => policy.admit('a', SMALL, 0));
  assert.equal(error.retryAfterSeconds, 1);
  assert.deepEqual(policy.usageOf('a', 0), { queued: 1, running: 1, generatedTokens: 0, tokensAvailable: null });
  policy.finished('a', { generatedTokens: 8 });
  policy.admit('a', SMALL, 0);
  assert.deepEqual(policy.usageOf('a', 0), { queued: 2, running: 0, generatedTokens: 8, tokensAvailable: null });
  // A generation cancelled while queued leaves the queued count.
  policy.finished('a', { generatedTokens: 0, started: false });
  assert.equal(policy.usageOf('a', 0).queued, 1);
});

test('tokensPerMinute charges prompt plus maxTokens and refuses with the seconds until enough has refilled', () => {
  const policy = new TenantPolicy(NO_FAULTS);
  policy.setQuota('a', { tokensPerMinute: 60 }, 0);
  policy.admit('a', { promptTokens: 10, maxTokens: 40 }, 0);
  assert.equal(policy.usageOf('a', 0).tokensAvailable, 10);
  const error = refusal(() => policy.admit('a', SMALL, 0));
  assert.equal(error.retryAfterSeconds, 2);
  assert.equal(policy.usageOf('a', 0).queued, 1, 'a refusal queues nothing');
  assert.equal(policy.usageOf('a', 0).tokensAvailable, 10, 'a refusal charges nothing');
  policy.admit('a', SMALL, 2_000);
});

test('both limits short: Retry-After is the longer wait', () => {
  const policy = new TenantPolicy(NO_FAULTS);
  policy.setQuota('a', { maxConcurrent: 1, tokensPerMinute: 1 }, 0);
  policy.admit('a', SMALL, 0);
  assert.equal(refusal(() => policy.admit('a', SMALL, 0)).retryAfterSeconds, 720);
});

test('quotas and usage are per tenant', () => {
  const policy = new TenantPolicy(NO_FAULTS);
  policy.setQuota('a', { maxConcurrent: 1, tokensPerMinute: 1 }, 0);
  policy.admit('a', SMALL, 0);
  policy.admit('b', SMALL, 0);
  policy.admit('b', SMALL, 0);
  assert.equal(policy.usageOf('b', 0).queued, 2);
  assert.deepEqual(policy.quotaOf('b', 0), { maxConcurrent: null, tokensPerMinute: null });
});

test('an absent member leaves a limit, null removes it, setting tokensPerMinute refills the bucket', () => {
  const policy = new TenantPolicy(NO_FAULTS);
  policy.setQuota('a', { maxConcurrent: 3, tokensPerMinute: 100 }, 0);
  policy.admit('a', { promptTokens: 50, maxTokens: 50 }, 0);
  assert.deepEqual(policy.setQuota('a', {}, 0), { maxConcurrent: 3, tokensPerMinute: 100 });
  assert.equal(policy.usageOf('a', 0).tokensAvailable, 0);
  assert.deepEqual(policy.setQuota('a', { tokensPerMinute: 100 }, 0), { maxConcurrent: 3, tokensPerMinute: 100 });
  assert.equal(policy.usageOf('a', 0).tokensAvailable, 100);
  assert.deepEqual(policy.setQuota('a', { maxConcurrent: null }, 0), { maxConcurrent: null, tokensPerMinute: 100 });
});

test('reset restores default quotas and keeps the counts of generations still in flight', () => {
  const policy = new TenantPolicy(NO_FAULTS, { maxConcurrent: 5, tokensPerMinute: null });
  policy.setQuota('a', { maxConcurrent: 1, tokensPerMinute: 10 }, 0);
  policy.setQuota('b', { maxConcurrent: 1 }, 0);
  policy.admit('a', SMALL, 0);
  policy.reset(0);
  assert.deepEqual(policy.quotaOf('a', 0), { maxConcurrent: 5, tokensPerMinute: null });
  assert.deepEqual(policy.quotaOf('b', 0), { maxConcurrent: 5, tokensPerMinute: null });
  assert.equal(policy.usageOf('a', 0).queued, 1);
});

test('isRunning follows started and finished', () => {
  const policy = new TenantPolicy(NO_FAULTS);
  policy.admit('a', SMALL, 0);
  assert.equal(policy.isRunning('a'), false);
  policy.started('a');
  assert.equal(policy.isRunning('a'), true);
  policy.finished('a', { generatedTokens: 3 });
  assert.equal(policy.isRunning('a'), false);
  assert.equal(policy.isRunning('never-seen'), false);
});
