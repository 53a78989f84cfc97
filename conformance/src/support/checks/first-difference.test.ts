import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstDifference } from './first-difference.ts';

void test('equal JSON values have no difference', () => {
  assert.equal(firstDifference({ a: [1, 2, { b: 'x' }], c: null }, { c: null, a: [1, 2, { b: 'x' }] }), null);
  assert.equal(firstDifference([], []), null);
});

void test('the first difference in document order, with its path', () => {
  assert.equal(firstDifference({ a: [1, 2, 3] }, { a: [1, 5, 4] }), '$.a[1]: 2, expected 5');
  assert.equal(firstDifference({ a: [1] }, { a: [1, 2] }), '$.a: 1 elements, expected 2');
  assert.equal(firstDifference({ a: 1 }, { a: 1, b: 2 }), '$.b: missing, expected 2');
  assert.equal(firstDifference({ a: 1, x: 0 }, { a: 1 }), '$.x: 0, not expected');
  assert.equal(firstDifference({ a: { b: null } }, { a: { b: {} } }), '$.a.b: null, expected {}');
  assert.equal(firstDifference([[1]], [{ 0: 1 }]), '$[0]: [1], expected {"0":1}');
});

void test('numbers compare by value bits: -0 differs from 0, one ulp matters', () => {
  assert.equal(firstDifference(-0, 0), '$: -0, expected 0');
  assert.equal(firstDifference(0.1 + 0.2, 0.3), '$: 0.30000000000000004, expected 0.3');
});

void test('large values are compared quickly and shown briefly', () => {
  const big = Array.from({ length: 200 }, (_, i) => ({ logits: Array.from({ length: 256 }, (__, j) => i * j) }));
  const other = structuredClone(big);
  other[199]!.logits[255] = -1;
  assert.equal(firstDifference(other, big), '$[199].logits[255]: -1, expected 50745');
  const message = firstDifference({ a: 'x'.repeat(500) }, { a: 'y' });
  assert.ok(message !== null && message.length < 200);
});
