import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fixtureSequence } from './fixture-sequences.ts';

const MASK = (1n << 64n) - 1n;

/** Output i of the stream of `label` (SPEC-010 §4.2), in BigInt, from the definition. */
function output(label: string, i: number): bigint {
  let z = (createHash('sha256').update(label, 'utf8').digest().readBigUInt64BE(0) + BigInt(i + 1) * 0x9e3779b97f4a7c15n) & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

test('fixture sequence tokens are the top byte of the input stream outputs, modulo vocab (SPEC-010 §4.3 table)', () => {
  for (const [seed, v, vocab] of [['0', 0, 256], ['7001', 2, 16], ['7002', 5, 256]] as const) {
    const expected = Array.from({ length: 20 }, (_, i) => Number(output(`litellm/v1/input/${seed}/${v}`, i) >> 56n) % vocab);
    assert.deepEqual(fixtureSequence(seed, v, 20, vocab), expected);
  }
  assert.deepEqual(fixtureSequence('0', 0, 3, 256), fixtureSequence('0', 0, 8, 256).slice(0, 3), 'prefixes are shorter sequences');
});
