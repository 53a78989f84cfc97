import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { selectTopK, TieKeys } from './top-k.ts';

const M64 = (1n << 64n) - 1n;

// Tie keys recomputed from the SPEC-010 text with BigInt, independently of the halves-based PRNG.
function tieKey(label: string, index: number): bigint {
  const key = createHash('sha256').update(label).digest().readBigUInt64BE(0);
  let z = (key + BigInt(index + 1) * 0x9e3779b97f4a7c15n) & M64;
  z ^= z >> 30n;
  z = (z * 0xbf58476d1ce4e5b9n) & M64;
  z ^= z >> 27n;
  z = (z * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

function top(scores: number[], k: number, ties: TieKeys | null): number[] {
  const out = new Int32Array(k);
  selectTopK(Float64Array.from(scores), scores.length, k, ties, out, 0);
  return [...out];
}

test('distinct scores are ranked by score alone', () => {
  assert.deepEqual(top([0.5, -1, 2, 0.25, 1], 3, null), [2, 4, 0]);
  assert.deepEqual(top([0.5, -1, 2, 0.25, 1], 5, new TieKeys('7', 0)), [2, 4, 0, 3, 1]);
});

test('equal scores are ordered by the seeded tie key, and the order follows the seed', () => {
  const winners = new Set<number>();
  for (let seed = 0; seed < 40; seed++) {
    const label = `litellm/v1/tiebreak/${seed}/1/expert/2.3`;
    const ties = new TieKeys(String(seed), 1);
    ties.select('expert', '2.3');
    const expected = [0, 1, 2].sort((a, b) => (tieKey(label, a) < tieKey(label, b) ? -1 : 1));
    assert.deepEqual(top([0.5, 0.5, 0.5, -0.25], 3, ties), expected, `seed ${seed}`);
    winners.add(expected[0] ?? -1);
  }
  // Changing the seed changes which tied candidate wins.
  assert.deepEqual([...winners].sort(), [0, 1, 2]);
});

test('the tie key depends on level and parent path', () => {
  const ranks = (level: 'tier' | 'group', path: string): number[] => {
    const ties = new TieKeys('1234', 0);
    ties.select(level, path);
    return top(new Array<number>(8).fill(1), 8, ties);
  };
  const expected = (label: string): number[] =>
    [0, 1, 2, 3, 4, 5, 6, 7].sort((a, b) => (tieKey(label, a) < tieKey(label, b) ? -1 : 1));
  assert.deepEqual(ranks('tier', '-'), expected('litellm/v1/tiebreak/1234/0/tier/-'));
  assert.deepEqual(ranks('group', '3'), expected('litellm/v1/tiebreak/1234/0/group/3'));
  assert.notDeepEqual(ranks('tier', '-'), ranks('group', '3'));
});

test('without tie keys equal scores fall back to the lowest index', () => {
  assert.deepEqual(top([0, 0.5, 0.5, 0.5], 2, null), [1, 2]);
});

test('the sorting path for large k agrees with insertion for small k', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 40, maxLength: 80 }), (ints) => {
      const scores = ints.map((v) => v / 8);
      const ties = new TieKeys('99', 3);
      ties.select('expert', '0.1');
      const all = top(scores, scores.length, ties);
      assert.deepEqual(top(scores, 5, ties), all.slice(0, 5));
    }),
    { numRuns: 100 },
  );
});
