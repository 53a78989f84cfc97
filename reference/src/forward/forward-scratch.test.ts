import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { forwardModel, ODD_DESCRIPTOR, sequenceOf } from '../test-support/forward-models.ts';
import { ForwardBatch } from './forward-batch.ts';
import { ForwardScratch } from './forward-scratch.ts';

test('a view is zeroed each time it is handed out, and a name grows its buffer when asked for more', () => {
  const scratch = new ForwardScratch();
  const first = scratch.floats('x', 4);
  first.fill(3);
  const again = scratch.floats('x', 3);
  assert.equal(again.buffer, first.buffer);
  assert.deepEqual([...again], [0, 0, 0]);
  const larger = scratch.floats('x', 9);
  assert.equal(larger.length, 9);
  assert.notEqual(larger.buffer, first.buffer);
  assert.notEqual(scratch.floats('y', 4).buffer, larger.buffer);
});

async function logits(batch: ForwardBatch, layers: number): Promise<Float32Array> {
  for (let layer = 0; layer < layers; layer++) await batch.runLayer(layer);
  return batch.outputLogits();
}

for (const descriptor of [DEFAULT_MODEL_DESCRIPTOR, ODD_DESCRIPTOR]) {
  test(`${descriptor.name}: passes of different sizes sharing one scratch give the logits of passes with their own buffers`, async () => {
    const model = forwardModel(descriptor);
    const batches = [
      [sequenceOf(9, descriptor.vocab, 1), sequenceOf(3, descriptor.vocab, 2)],
      [sequenceOf(2, descriptor.vocab, 3)],
      [sequenceOf(12, descriptor.vocab, 4), sequenceOf(5, descriptor.vocab, 5), sequenceOf(1, descriptor.vocab, 6)],
    ];
    const scratch = new ForwardScratch();
    for (const sequences of batches) {
      const shared = await logits(new ForwardBatch(model, sequences, descriptor.seed, false, undefined, { scratch }), descriptor.layers);
      const own = await logits(new ForwardBatch(model, sequences, descriptor.seed, false), descriptor.layers);
      assert.deepEqual(Buffer.from(shared.buffer, shared.byteOffset, shared.byteLength), Buffer.from(own.buffer, own.byteOffset, own.byteLength));
    }
  });
}
