import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRuntimeError } from '../errors.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { generateTensors } from '../model/weight-generator.ts';
import { elementCount, expectedTensors } from '../model/tensor-layout.ts';
import { modelTensors } from './model-tensors.ts';
import { modelStoreForTests } from './snapshot-test-kit.ts';

test('every tensor the built-in descriptor implies resolves to the loaded model\'s values, unknown names do not', async () => {
  const { model } = await modelStoreForTests().loadBuiltin('default');
  const tensorOf = modelTensors(model);
  const expected = expectedTensors(DEFAULT_MODEL_DESCRIPTOR);
  const generated = generateTensors(DEFAULT_MODEL_DESCRIPTOR, [...expected.values()]);
  for (const [name, spec] of expected) {
    const values = tensorOf(name);
    assert.equal(values.length, elementCount(spec.shape), name);
    assert.deepEqual(values, generated.get(name), name);
  }
  assert.equal(tensorOf('layers.1.router.expert.weight'), model.layers[1]!.expert, 'router tensors are the ones routing reads');
  for (const name of ['layers.9.attn.wq.weight', 'layers.0.unknown.weight', 'embeddings']) {
    assert.throws(() => tensorOf(name), (error) => isRuntimeError(error) && error.code === 'E_INTERNAL', name);
  }
});
