import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { VirtualClock } from '../../clock.ts';
import { isRuntimeError } from '../../errors.ts';
import { runForward } from '../../forward/forward-engine.ts';
import { NO_FORWARD_FAULTS } from '../../forward/forward-behaviour.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import { forwardModel, sequenceOf } from '../../test-support/forward-models.ts';
import { Generation } from './generation.ts';
import { KvPagePool } from './kv-pool.ts';
import { greedyToken } from './sampling.ts';
import { Scheduler } from './scheduler.ts';
import { FairQueue } from '../tenants/fair-queue.ts';
import { NO_FAULTS } from '../../faults.ts';
import type { SequenceRequest } from './sequence.ts';

const model = forwardModel(DEFAULT_MODEL_DESCRIPTOR);
const { vocab } = DEFAULT_MODEL_DESCRIPTOR;

function setup(pages = 64, maxBatch = 8) {
  const pool = new KvPagePool(pages);
  const scheduler = new Scheduler({
    clock: new VirtualClock(), pool, queue: new FairQueue<SequenceRequest>(NO_FAULTS), maxBatch, perLayerDelayMs: () => 0,
    errorBody: (code, message) => ({ code, domain: 'internal', message, retryable: false }),
  });
  return { pool, scheduler };
}

let counter = 0;
function request(tenant: string, prompt: number[], maxTokens: number, extra: Partial<SequenceRequest> = {}): SequenceRequest {
  const id = `gen-${counter++}`;
  const keys: string[] = [];
  for (let j = 0; (j + 1) * 16 <= prompt.length; j++) {
    keys.push(createHmac('sha256', tenant).update(JSON.stringify(prompt.slice(0, 16 * (j + 1)))).digest('hex'));
  }
  return {
    generation: new Generation(id, 'default', tenant, prompt.length), model, prompt, maxTokens,
    sampling: { temperature: 0, topP: 1, seed: '0' }, stop: [], routingSeed: '0', policy: undefined, policyKey: '-',
    deadlineAt: null, prefixKeys: keys, forwardFaults: NO_FORWARD_FAULTS, meter: null, queuedAtStep: 0, ...extra,
  };
}

/** Greedy continuation recomputed from scratch: a full forward pass over prompt + tokens so far, per token. */
async function recomputed(prompt: number[], maxTokens: number): Promise<number[]> {
  const tokens: number[] = [];
  for (let i = 0; i < maxTokens; i++) {
    const result = await runForward(model, [[...prompt, ...tokens]], { routingSeed: '0', trace: false, logits: true }, { clock: new VirtualClock(), perLayerDelayMs: 0, deadlineAt: null });
    const last = result.sequences[0]!.tokens.at(-1)!;
    tokens.push(greedyToken(Float32Array.from(last.logits!), 0, vocab));
  }
  return tokens;
}

test('greedy tokens from the paged KV cache equal those of full recomputation, and every page is free afterwards', async () => {
  const { pool, scheduler } = setup();
  const prompt = sequenceOf(21, vocab, 3);
  const r = request('a', prompt, 12);
  scheduler.submit(r);
  const outcome = await r.generation.done;
  assert.equal(outcome.finishReason, 'length');
  assert.deepEqual(outcome.tokens, await recomputed(prompt, 12));
  assert.deepEqual(outcome.timing, { queueSteps: 0, steps: 12 });
  const figures = pool.figures();
  assert.equal(figures.pagesActive, 0);
  assert.equal(figures.pagesCached, 1, 'the one full prompt page stays cached for reuse');
});

test('a generation gives the same tokens alone and batched with others of different lengths', async () => {
  const prompts = [sequenceOf(5, vocab, 1), sequenceOf(33, vocab, 2), sequenceOf(17, vocab, 4), sequenceOf(1, vocab, 5)];
  const alone: number[][] = [];
  for (const prompt of prompts) {
    const { scheduler } = setup();
    const r = request('a', prompt, 9);
    scheduler.submit(r);
    alone.push((await r.generation.done).tokens);
  }
  const { scheduler } = setup();
  const together = prompts.map((prompt, i) => request(`t${i}`, prompt, 9));
  for (const r of together) scheduler.submit(r);
  const outcomes = await Promise.all(together.map((r) => r.generation.done));
  assert.deepEqual(outcomes.map((o) => o.tokens), alone);
});

test('a repeated prompt reuses its full pages except the one holding its last token; another tenant reuses nothing', async () => {
  const { pool, scheduler } = setup();
  const prompt = sequenceOf(40, vocab, 8);
  const first = request('a', prompt, 6);
  scheduler.submit(first);
  const base = await first.generation.done;
  const again = request('a', prompt, 6);
  scheduler.submit(again);
  const reused = await again.generation.done;
  assert.equal(reused.usage.cachedTokens, 32);
  assert.deepEqual(reused.tokens, base.tokens);
  const other = request('b', prompt, 6);
  scheduler.submit(other);
  const isolated = await other.generation.done;
  assert.equal(isolated.usage.cachedTokens, 0);
  assert.deepEqual(isolated.tokens, base.tokens);
  assert.equal(pool.figures().prefixHits, 2);
});

test('queued generations wait for pages; E_MEMORY_KV when one could never fit', async () => {
  const { pool, scheduler } = setup(3, 8);
  assert.throws(() => scheduler.submit(request('a', sequenceOf(40, vocab, 1), 10)), (error) => isRuntimeError(error) && error.code === 'E_MEMORY_KV');
  const a = request('a', sequenceOf(20, vocab, 1), 20);
  const b = request('b', sequenceOf(20, vocab, 2), 20);
  scheduler.submit(a);
  scheduler.submit(b);
  const [oa, ob] = await Promise.all([a.generation.done, b.generation.done]);
  assert.equal(oa.timing.queueSteps, 0);
  // b arrives while a's first step runs, so it waits through a's steps 2..20, until a frees its three pages.
  assert.equal(ob.timing.queueSteps, 19);
  assert.equal(pool.figures().pagesActive, 0);
});

test('cancelling a queued generation finishes it at once; a running one stops before its next step', async () => {
  const { pool, scheduler } = setup(64, 1);
  const running = request('a', sequenceOf(3, vocab, 1), 40);
  const queued = request('a', sequenceOf(3, vocab, 2), 40);
  scheduler.submit(running);
  scheduler.submit(queued);
  queued.generation.cancel();
  const q = await queued.generation.done;
  assert.equal(q.finishReason, 'cancelled');
  assert.equal(q.tokens.length, 0);
  running.generation.cancel();
  const r = await running.generation.done;
  assert.equal(r.finishReason, 'cancelled');
  assert.ok(r.tokens.length < 40);
  assert.equal(pool.figures().pagesActive, 0);
  assert.deepEqual(running.generation.events.slice(-2).map((e) => e.type), ['usage', 'done']);
});

test('a stop sequence ends the generation and is left out of the output', async () => {
  const { scheduler } = setup();
  const prompt = sequenceOf(9, vocab, 6);
  const plain = request('a', prompt, 10);
  scheduler.submit(plain);
  const full = (await plain.generation.done).tokens;
  const stop = full.slice(3, 5);
  const stopped = request('a', prompt, 10, { stop: [stop] });
  scheduler.submit(stopped);
  const outcome = await stopped.generation.done;
  assert.equal(outcome.finishReason, 'stop');
  const at = full.findIndex((_, i) => full[i] === stop[0] && full[i + 1] === stop[1]);
  assert.deepEqual(outcome.tokens, full.slice(0, at));
  assert.equal(outcome.usage.completionTokens, at + 2);
  const streamed = stopped.generation.events.filter((e) => e.type === 'token').map((e) => (e.type === 'token' ? e.token : -1));
  assert.deepEqual(streamed, outcome.tokens);
});

test('events of a step reach followers only once the next step is under way, and an outcome settles after its events', async () => {
  const { scheduler } = setup();
  const requests = [request('a', sequenceOf(5, vocab, 1), 3), request('a', sequenceOf(9, vocab, 2), 5)];
  const seen = requests.map(() => [] as { index: number; steps: number }[]);
  requests.forEach((r, i) => r.generation.follow(0, (_event, index) => seen[i]!.push({ index, steps: scheduler.steps })));
  for (const r of requests) scheduler.submit(r);
  const outcomes = await Promise.all(requests.map((r) => r.generation.done));
  requests.forEach((r, i) => {
    // Every event was delivered, in order, before the outcome settled.
    assert.deepEqual(seen[i]!.map((e) => e.index), r.generation.events.map((_e, j) => j));
    const tokens = seen[i]!.filter((e) => r.generation.events[e.index]!.type === 'token');
    assert.equal(tokens.length, outcomes[i]!.tokens.length);
    // Token k is sampled in its generation's step k + 1 and delivered while the next step runs (the last token of the
    // generation that ends last when the loop stops).
    // The second was queued while the first step ran (submitting starts the loop at once), so it starts a step later.
    const first = r.queuedAtStep + outcomes[i]!.timing.queueSteps + 2;
    assert.equal(first, i + 2);
    tokens.slice(0, -1).forEach((e, k) => assert.equal(e.steps, first + k, `generation ${i} token ${k}`));
  });
});
