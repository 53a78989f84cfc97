import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForwardOptions, sequenceFromWords } from './forward-words.ts';
import { defaultDescriptor } from '../builtin/builtin-model.ts';

void test('options in words become request members', () => {
  assert.deepEqual(parseForwardOptions('no options'), {});
  assert.deepEqual(parseForwardOptions('trace'), { trace: true });
  assert.deepEqual(parseForwardOptions('trace and logits'), { trace: true, logits: true });
  assert.deepEqual(parseForwardOptions('logits, deadlineMs 600000'), { logits: true, deadlineMs: 600000 });
  assert.throws(() => parseForwardOptions('stream'), /unknown forward option/);
});

void test('sequences in words: hello, fixture sequences, ramps and maxSeq', () => {
  const d = defaultDescriptor();
  assert.deepEqual(sequenceFromWords('hello', d), [72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100]);
  // SPEC-010 §4.3 informative vector for seed 0, vocab 256.
  assert.deepEqual(sequenceFromWords('0:8', d), [27, 223, 1, 183, 240, 27, 89, 70]);
  assert.deepEqual(sequenceFromWords(' 0:3 ', d), [27, 223, 1]);
  assert.equal(sequenceFromWords('max', d).length, 64);
  assert.deepEqual(sequenceFromWords('max', d).slice(0, 8), sequenceFromWords('0:8', d));
  assert.deepEqual(sequenceFromWords('ramp:4', d), [0, 1, 2, 3]);
  assert.throws(() => sequenceFromWords('0-8', d), /names no sequence/);
});
