import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStrictJson, StrictJsonError } from './strict-json.ts';

test('parses what JSON.parse parses, for arbitrary JSON values', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      assert.deepEqual(JSON.parse(JSON.stringify(parseStrictJson(text))), JSON.parse(text));
    }),
    { numRuns: 500 },
  );
});

test('rejects duplicate keys at any depth', () => {
  assert.throws(() => parseStrictJson('{"a":1,"a":2}'), StrictJsonError);
  assert.throws(() => parseStrictJson('{"x":{"b":1,"b":1}}'), /duplicate key "b"/);
  // The same key in two different objects is fine; escapes are decoded before comparing.
  assert.deepEqual(parseStrictJson('{"a":{"a":1}}'), { a: { a: 1 } });
  assert.throws(() => parseStrictJson('{"a":1,"\\u0061":2}'), /duplicate/);
});

test('rejects malformed text, trailing data and excessive nesting', () => {
  for (const bad of ['', '{', '{"a":}', '[1,]', '{"a":1,}', '01', '"\u0001"', 'nul', '{} x', "{'a':1}", 'NaN']) {
    assert.throws(() => parseStrictJson(bad), StrictJsonError, JSON.stringify(bad));
  }
  assert.throws(() => parseStrictJson('['.repeat(100) + ']'.repeat(100)), /nesting/);
  assert.deepEqual(parseStrictJson('  [ 1 , -2.5e3 , true , null ]  '), [1, -2500, true, null]);
});

test('__proto__ keys are kept as plain data', () => {
  const parsed = parseStrictJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value, { polluted: true });
});
