import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelParameterCount, sha256Hex, tokenFlops, tokenParameterBytes, validateForwardDescriptor } from '../../oracle/index.ts';
import { DEFAULT_DESCRIPTOR_TEXT, DEFAULT_MANIFEST_DIGEST, DEFAULT_PARAMETERS, defaultDescriptor, defaultModel } from './builtin-model.ts';

void test('the built-in descriptor is the pinned text of SPEC-001 §4.5 and hashes to its digest', () => {
  assert.equal(sha256Hex(new TextEncoder().encode(DEFAULT_DESCRIPTOR_TEXT)), DEFAULT_MANIFEST_DIGEST);
  const d = defaultDescriptor();
  assert.deepEqual(validateForwardDescriptor(d), []);
  assert.equal(modelParameterCount(d), DEFAULT_PARAMETERS);
  // SPEC-005 §4.2 example values.
  assert.deepEqual(tokenFlops(d, 0), { attention: 16640, router: 1536, experts: 122880, output: 16384, total: 157440 });
  assert.equal(tokenFlops(d, 63).total, 173568);
  assert.equal(tokenParameterBytes(d), 315136);
});

void test('the built-in model is generated once, with every tensor of its descriptor', () => {
  const model = defaultModel();
  assert.equal(defaultModel(), model);
  const elements = [...model.weights.values()].reduce((n, t) => n + t.length, 0);
  assert.equal(elements, DEFAULT_PARAMETERS);
});
