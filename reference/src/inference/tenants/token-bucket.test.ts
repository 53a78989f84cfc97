import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TokenBucket } from './token-bucket.ts';

test('a full bucket admits a request up to its size and refills at R per minute', () => {
  const bucket = new TokenBucket(60, 0);
  assert.deepEqual(bucket.take(50, 0), { admitted: true });
  assert.equal(bucket.level(0), 10);
  // 20 more needed at 1 token per second.
  assert.deepEqual(bucket.take(30, 0), { admitted: false, retryAfterSeconds: 20 });
  assert.equal(bucket.level(0), 10, 'a refusal takes nothing');
  assert.equal(bucket.level(19_999), 10 + 19.999);
  assert.deepEqual(bucket.take(30, 20_000), { admitted: true });
  assert.equal(bucket.level(10_000_000), 60, 'the level never exceeds R');
});

test('a request larger than R needs a full bucket and leaves a debt', () => {
  const bucket = new TokenBucket(1, 0);
  assert.deepEqual(bucket.take(12, 0), { admitted: true });
  assert.equal(bucket.level(0), -11);
  // 12 tokens at one per minute: 720 s.
  assert.deepEqual(bucket.take(1, 0), { admitted: false, retryAfterSeconds: 720 });
  assert.deepEqual(bucket.take(1, 719_000), { admitted: false, retryAfterSeconds: 1 });
  assert.deepEqual(bucket.take(1, 720_000), { admitted: true });
});

test('Retry-After is at least one second', () => {
  const bucket = new TokenBucket(600_000, 0);
  bucket.charge(600_000, 0);
  assert.deepEqual(bucket.take(1, 0), { admitted: false, retryAfterSeconds: 1 });
});

test('a clock reading earlier than the last one refills nothing', () => {
  const bucket = new TokenBucket(60, 5_000);
  bucket.charge(60, 5_000);
  assert.equal(bucket.level(1_000), 0);
  assert.equal(bucket.level(6_000), 1);
});

test('a refusal is exact: admitted after Retry-After seconds, refused one second before', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 120_000 }), fc.integer({ min: 1, max: 20_000 })), { minLength: 1, maxLength: 30 }),
      (perMinute, attempts) => {
        const bucket = new TokenBucket(perMinute, 0);
        let now = 0;
        for (const [gap, cost] of attempts) {
          now += gap;
          const level = bucket.level(now);
          const result = bucket.take(cost, now);
          assert.equal(result.admitted, level >= Math.min(cost, perMinute));
          if (result.admitted) continue;
          const wait = result.retryAfterSeconds;
          assert.ok(Number.isInteger(wait) && wait >= 1);
          if (wait > 1) assert.ok(bucket.level(now + (wait - 1) * 1000) < Math.min(cost, perMinute), 'Retry-After is not the earliest second');
          assert.ok(bucket.level(now + wait * 1000) >= Math.min(cost, perMinute) - 1e-9, 'not enough tokens after Retry-After');
        }
      },
    ),
  );
});

test('admitted tokens over [0, T] stay within R (1 + T / 60 s) plus the overshoot of requests larger than R', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5_000 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 1, max: 8_000 })), { minLength: 1, maxLength: 60 }),
      (perMinute, attempts) => {
        const bucket = new TokenBucket(perMinute, 0);
        let now = 0;
        let admitted = 0;
        let overshoot = 0;
        for (const [gap, cost] of attempts) {
          now += gap;
          if (bucket.take(cost, now).admitted) {
            admitted += cost;
            overshoot = Math.max(overshoot, cost - Math.min(cost, perMinute));
          }
          assert.ok(admitted <= perMinute * (1 + now / 60_000) + overshoot + 1e-6, `${admitted} tokens by ${now} ms at ${perMinute}/min`);
        }
      },
    ),
  );
});
