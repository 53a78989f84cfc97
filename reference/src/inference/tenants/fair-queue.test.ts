import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NO_FAULTS, parseFaults } from '../../faults.ts';
import { FairQueue } from './fair-queue.ts';
import { simulate, type Arrival } from './fair-queue-simulation.ts';

test('pop hands out the oldest item of the tenant with the fewest virtual tokens, ties by earliest push', () => {
  const queue = new FairQueue<string>(NO_FAULTS);
  for (const item of ['a1', 'a2', 'a3']) queue.push('a', item);
  queue.push('b', 'b1');
  queue.push('b', 'b2');
  assert.equal(queue.size, 5);
  assert.equal(queue.peek(), 'a1');
  // Each pop charges one token: a, then b (now lower), then a and b alternate, oldest first within a tenant.
  assert.deepEqual([queue.pop(), queue.pop(), queue.pop(), queue.pop(), queue.pop(), queue.pop()], ['a1', 'b1', 'a2', 'b2', 'a3', undefined]);
  assert.equal(queue.size, 0);
});

test('charges move a tenant back in line', () => {
  const queue = new FairQueue<string>(NO_FAULTS, { admissionTokens: () => 0 });
  queue.push('a', 'a1');
  queue.push('b', 'b1');
  queue.charge('a', 5);
  assert.equal(queue.pop(), 'b1');
  assert.equal(queue.counterOf('a'), 5);
  assert.equal(queue.counterOf('nobody'), 0);
});

test('a tenant that becomes active takes the lowest counter among the active tenants', () => {
  const running = new Set<string>();
  const queue = new FairQueue<string>(NO_FAULTS, { admissionTokens: (item) => item.length, isRunning: (t) => running.has(t) });
  // b is served a lot while alone, then goes idle; a arrives and inherits nothing of b's history.
  queue.push('b', 'b1');
  queue.pop();
  queue.charge('b', 1_000);
  queue.push('a', 'a1');
  assert.equal(queue.counterOf('a'), 0, 'with nobody else active a keeps its own counter');
  queue.push('a', 'a2');
  queue.push('a', 'a3');
  assert.equal(queue.pop(), 'a1');
  running.add('a');
  // b returns while a runs and has items queued: b takes a's counter instead of its own 1001.
  queue.push('b', 'b2');
  assert.equal(queue.counterOf('b'), queue.counterOf('a'));
  // Tie, a's item is older; a is then charged, so b comes next.
  assert.equal(queue.pop(), 'a2');
  assert.equal(queue.pop(), 'b2');
});

test('an idle tenant does not bank credit', () => {
  const running = new Set<string>();
  const queue = new FairQueue<string>(NO_FAULTS, { isRunning: (t) => running.has(t) });
  queue.push('a', 'a1');
  queue.pop();
  queue.charge('a', 50);
  queue.push('a', 'a2');
  running.add('a');
  // c has never been served (counter 0); arriving beside a's backlog it starts at a's counter, not below it.
  queue.push('c', 'c1');
  assert.equal(queue.counterOf('c'), queue.counterOf('a'));
  assert.equal(queue.pop(), 'a2');
  assert.equal(queue.pop(), 'c1');
});

test('remove takes a queued item out; unknown items are not removed', () => {
  const queue = new FairQueue<object>(NO_FAULTS);
  const [x, y] = [{}, {}];
  queue.push('a', x);
  queue.push('a', y);
  assert.equal(queue.remove(x), true);
  assert.equal(queue.remove(x), false);
  assert.equal(queue.size, 1);
  assert.equal(queue.pop(), y);
});

test('tenant.fifo-queue: the queue hands out items in push order across tenants', () => {
  const queue = new FairQueue<string>(parseFaults(['tenant.fifo-queue']));
  for (const item of ['a1', 'a2', 'a3']) queue.push('a', item);
  queue.push('b', 'b1');
  assert.deepEqual([queue.pop(), queue.pop(), queue.pop(), queue.pop()], ['a1', 'a2', 'a3', 'b1']);
});

// The paused-flood picture of the SPEC-050 scenario: 12 requests of a with maxTokens 8, then one of b, two slots.
const FLOOD: Arrival[] = [
  ...Array.from({ length: 12 }, () => ({ tenant: 'a', step: 0, promptTokens: 4, maxTokens: 8 })),
  { tenant: 'b', step: 0, promptTokens: 4, maxTokens: 8 },
];

test('a single request beside a flood waits no step; in arrival order it would wait six batches', () => {
  assert.equal(simulate(NO_FAULTS, FLOOD, 2).queueSteps[12], 0);
  assert.equal(simulate(parseFaults(['tenant.fifo-queue']), FLOOD, 2).queueSteps[12], 48);
});

const arrival = (tenants: string[]) =>
  fc.record({
    tenant: fc.constantFrom(...tenants),
    step: fc.integer({ min: 0, max: 40 }),
    promptTokens: fc.integer({ min: 1, max: 40 }),
    maxTokens: fc.integer({ min: 1, max: 12 }),
  });

// Tenant a floods: 10 to 40 requests within the first ticks.
const flood = fc.array(
  fc.record({ tenant: fc.constant('a'), step: fc.integer({ min: 0, max: 3 }), promptTokens: fc.integer({ min: 1, max: 40 }), maxTokens: fc.integer({ min: 1, max: 12 }) }),
  { minLength: 10, maxLength: 40 },
);

test('REQ-050-006 bound: a newly active tenant waits at most the largest maxTokens running at its arrival', () => {
  fc.assert(
    fc.property(
      flood,
      fc.array(arrival(['b', 'c', 'd']), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 6 }),
      (flooding, others, maxBatch) => {
        const arrivals = [...flooding, ...others];
        const run = simulate(NO_FAULTS, arrivals, maxBatch);
        for (const [index, start] of run.arrivals.entries()) {
          // Only requests of a tenant with nothing queued or running, while the tenants with requests queued
          // (itself included) fit in the batch.
          if (!start.tenantIdle || start.otherQueuedTenants + 1 > maxBatch) continue;
          const waited = run.queueSteps[index] ?? -1;
          assert.ok(waited <= start.largestRunningMaxTokens, `request ${index} waited ${waited} > ${start.largestRunningMaxTokens}`);
          assert.ok(waited <= start.largestOtherMaxTokens, 'the bound the scenarios check');
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('every request is served: a flooding tenant starves nobody', () => {
  fc.assert(
    fc.property(fc.array(arrival(['a', 'b', 'c']), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 4 }), (arrivals, maxBatch) => {
      const run = simulate(NO_FAULTS, arrivals, maxBatch);
      assert.equal(run.queueSteps.length, arrivals.length);
      assert.ok(run.queueSteps.every((steps) => Number.isInteger(steps) && steps >= 0));
    }),
  );
});
