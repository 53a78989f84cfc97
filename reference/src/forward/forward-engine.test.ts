import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock, type Clock } from '../clock.ts';
import { isRuntimeError } from '../errors.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { forwardModel, sequenceOf } from '../test-support/forward-models.ts';
import { runForward, type ForwardPacing } from './forward-engine.ts';

const model = forwardModel(DEFAULT_MODEL_DESCRIPTOR);
const OPTIONS = { routingSeed: '0', trace: true, logits: false };

test('a deadline passed at a layer boundary fails the pass with E_DEADLINE_EXCEEDED; a later one lets it finish', async () => {
  const slow = (deadlineAt: number): ForwardPacing => {
    const clock = new VirtualClock();
    return { clock, perLayerDelayMs: 10, deadlineAt };
  };
  // Two layers of 10 ms each: the second layer starts at 20 > 15.
  await assert.rejects(runForward(model, [[1, 2, 3]], OPTIONS, slow(15)), (error) => isRuntimeError(error) && error.code === 'E_DEADLINE_EXCEEDED');
  const finished = await runForward(model, [[1, 2, 3]], OPTIONS, slow(20));
  assert.equal(finished.sequences[0]!.tokens.length, 3);
});

test('concurrent passes interleave layer by layer and still give exactly the serial results', async () => {
  const inputs = [0, 1, 2, 3].map((i) => [sequenceOf(20 + i, 256, i), sequenceOf(3, 256, 9 - i)]);
  const serial = [];
  for (const sequences of inputs) serial.push(await runForward(model, sequences, OPTIONS, { clock: new VirtualClock(), perLayerDelayMs: 0, deadlineAt: null }));
  const pauses: number[] = [];
  const shared = new VirtualClock();
  const clockOf = (request: number): Clock => ({ now: () => shared.now(), sleep: (ms) => (pauses.push(request), shared.sleep(ms)) });
  const concurrent = await Promise.all(inputs.map((sequences, request) =>
    runForward(model, sequences, OPTIONS, { clock: clockOf(request), perLayerDelayMs: 0, deadlineAt: null })));
  assert.deepEqual(concurrent, serial);
  // Each request pauses before each of its 2 layers and before its output head, and every request has started its
  // first layer before any has finished one. (With native kernels a layer's experts run off the JavaScript thread, so
  // the order of the later pauses depends on which request's work finishes first; the results cannot.)
  assert.deepEqual(pauses.slice(0, 4), [0, 1, 2, 3]);
  assert.deepEqual([0, 1, 2, 3].map((request) => pauses.filter((p) => p === request).length), [3, 3, 3, 3]);
});

test('the forward delay is waited once before each layer of a request', async () => {
  const clock = new VirtualClock();
  await runForward(model, [[5], [6, 7]], OPTIONS, { clock, perLayerDelayMs: 7, deadlineAt: null });
  assert.equal(clock.now(), 7 * DEFAULT_MODEL_DESCRIPTOR.layers);
});
