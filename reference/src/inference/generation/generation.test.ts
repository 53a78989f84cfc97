import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generation, type GenerationEvent, type GenerationOutcome } from './generation.ts';

const token = (index: number): GenerationEvent => ({ type: 'token', index, token: 65 + index, text: String.fromCharCode(65 + index) });

function outcome(generation: Generation): GenerationOutcome {
  return {
    id: generation.id, model: generation.model, tokens: [65, 66], text: 'AB', finishReason: 'length',
    usage: { promptTokens: 1, completionTokens: 2, cachedTokens: 0, totalTokens: 3 }, timing: { queueSteps: 0, steps: 2 },
  };
}

function recorder(generation: Generation, from = 0): { seen: number[]; stop: () => void } {
  const seen: number[] = [];
  const stop = generation.follow(from, (_event, index) => seen.push(index));
  return { seen, stop };
}

test('held events are appended at once and reach each follower in order, exactly once, on release', () => {
  const generation = new Generation('g', 'm', 't', 1);
  const early = recorder(generation);
  generation.emit({ type: 'start', id: 'g', model: 'm', promptTokens: 1 });
  assert.deepEqual(early.seen, [0]);
  generation.hold();
  generation.emit(token(0));
  generation.emit(token(1));
  assert.equal(generation.events.length, 3);
  assert.deepEqual(early.seen, [0]);
  // A follower joining while events are held replays everything appended, held events included.
  const late = recorder(generation, 1);
  assert.deepEqual(late.seen, [1, 2]);
  generation.release();
  assert.deepEqual(early.seen, [0, 1, 2]);
  assert.deepEqual(late.seen, [1, 2]);
  generation.emit(token(2));
  assert.deepEqual(early.seen, [0, 1, 2, 3]);
  assert.deepEqual(late.seen, [1, 2, 3]);
});

test('a follower that leaves while held events are delivered receives nothing more', () => {
  const generation = new Generation('g', 'm', 't', 1);
  const seen: number[] = [];
  const stop = generation.follow(0, (_event, index) => {
    seen.push(index);
    if (index === 1) stop();
  });
  generation.hold();
  for (let i = 0; i < 3; i++) generation.emit(token(i));
  generation.release();
  assert.deepEqual(seen, [0, 1]);
});

test('the outcome of a generation finished while held settles after its held events are delivered', async () => {
  const generation = new Generation('g', 'm', 't', 1);
  const { seen } = recorder(generation);
  let settled = false;
  void generation.done.then(() => {
    settled = true;
  });
  generation.hold();
  generation.emit(token(0));
  generation.emit({ type: 'done' });
  generation.finish(outcome(generation));
  assert.equal(generation.state, 'finished');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false);
  assert.deepEqual(seen, []);
  generation.release();
  assert.deepEqual(seen, [0, 1]);
  assert.equal((await generation.done).text, 'AB');
  // Once finished and delivered, a new follower gets the replay and nothing else.
  assert.deepEqual(recorder(generation).seen, [0, 1]);
});
