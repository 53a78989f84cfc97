import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TierPolicy, type TierPolicyConfig } from './tier-policy.ts';

const BYTES = 10;

function policy(config: Partial<TierPolicyConfig>, staged: { layer: number; expert: number }[] = []): TierPolicy {
  return new TierPolicy({ slots: 2, warmExperts: 1, coldFiles: Infinity, expertBytes: BYTES, ...config }, staged);
}

/** The residency as `layer/expert:tier` words, pinned experts marked with `*`. */
function listing(p: TierPolicy): string {
  return p.residency().map((e) => `${e.layer}/${e.expert}:${e.tier}${e.pinned ? '*' : ''}`).join(' ');
}

test('first use misses and stages cold; hot hits; a hot victim moves to warm and comes back as a warm hit', () => {
  const p = policy({});
  p.forward([[3]]);
  p.forward([[3]]);
  p.forward([[4, 5]]);
  assert.equal(listing(p), '0/3:warm 0/4:hot 0/5:hot');
  // 4 and 5 share lastUse and uses: the lower id is the victim.
  p.forward([[3]]);
  assert.equal(listing(p), '0/3:hot 0/4:warm 0/5:hot');
  p.evictMemory();
  assert.equal(listing(p), '0/3:cold 0/4:cold 0/5:cold');
  p.forward([[5]]);
  const { counters, hot, warm, cold } = p.figures();
  assert.deepEqual(counters.hits, { hot: 1, warm: 1, cold: 1 });
  assert.equal(counters.misses, 3);
  assert.deepEqual(counters.evictions, { hot: 2, warm: 0, cold: 0 });
  assert.deepEqual(counters.bytesMoved, { archiveToHot: 30, archiveToCold: 30, coldToHot: 10, warmToHot: 10, hotToWarm: 20 });
  assert.deepEqual([hot.experts, warm.experts, cold.experts], [1, 0, 3]);
});

test('equal lastUse is broken by fewer uses, then by the lower (layer, expert)', () => {
  const p = policy({ slots: 3 });
  p.forward([[1]]);
  p.forward([[1, 2]]);
  p.forward([[3]]);
  p.forward([[4]]);
  assert.equal(listing(p), '0/1:hot 0/2:warm 0/3:hot 0/4:hot');
});

test('a layer needing more experts than unpinned slots is served in waves of ascending ids, layer by layer', () => {
  const p = policy({});
  p.forward([[5, 1, 3], [0]]);
  // Waves [1, 3], [5], then layer 1's [0]: 1 and 3 tie, 1 goes first; then 3 (older than 5) goes.
  assert.equal(listing(p), '0/1:cold 0/3:warm 0/5:hot 1/0:hot');
  assert.equal(p.figures().counters.evictions.warm, 1);
});

test('the cold tier evicts in the same order, never a file the wave reads or stages', () => {
  const p = policy({ slots: 1, warmExperts: 0, coldFiles: 2 });
  p.forward([[1]]);
  p.forward([[2]]);
  p.forward([[3]]);
  assert.equal(listing(p), '0/2:cold 0/3:hot');
  assert.deepEqual(p.figures().counters.evictions, { hot: 2, warm: 0, cold: 1 });
  const none = policy({ slots: 1, warmExperts: 0, coldFiles: 0 });
  none.forward([[1]]);
  none.forward([[2]]);
  assert.equal(listing(none), '0/2:hot');
  assert.equal(none.figures().counters.bytesMoved.archiveToCold, 0);
});

test('experts staged at load start cold with no uses; the load counts their bytes', () => {
  const p = policy({ slots: 1 }, [{ layer: 0, expert: 0 }, { layer: 0, expert: 1 }]);
  assert.equal(listing(p), '0/0:cold 0/1:cold');
  assert.equal(p.figures().counters.bytesMoved.archiveToCold, 20);
  p.forward([[1]]);
  assert.deepEqual(p.figures().counters.hits, { hot: 0, warm: 0, cold: 1 });
});

test('a pinned expert stays hot and shrinks the waves; pins leave one slot unpinned; unpinned it is evictable', () => {
  const p = policy({ slots: 3 });
  assert.equal(p.pin({ layer: 1, expert: 7 }), 'pinned');
  assert.equal(p.pin({ layer: 1, expert: 7 }), 'already-pinned');
  assert.equal(p.pin({ layer: 0, expert: 2 }), 'pinned');
  assert.equal(p.pin({ layer: 0, expert: 3 }), 'refused');
  assert.equal(p.capacity, 1);
  p.forward([[4, 5, 6]]);
  assert.equal(listing(p), '0/2:hot* 0/4:cold 0/5:warm 0/6:hot 1/7:hot*');
  p.unpin({ layer: 1, expert: 7 });
  p.evictMemory();
  assert.equal(listing(p), '0/2:hot* 0/4:cold 0/5:cold 0/6:cold 1/7:cold');
  assert.deepEqual(p.figures().hot, { experts: 1, pinned: 1, slots: 3 });
});

test('usage is forgotten when no tier holds an expert, so its uses start again', () => {
  // Warm 0, cold 0: an evicted expert is held nowhere and comes back as a new expert.
  const p = policy({ slots: 2, warmExperts: 0, coldFiles: 0 });
  p.forward([[1]]);
  p.forward([[1]]);
  p.forward([[1]]);
  p.forward([[2, 3]]);
  p.forward([[1, 2]]);
  // 1 and 2 share lastUse 5; 1 has one use since it came back (not four), 2 has two: 1 is the victim.
  p.forward([[4]]);
  assert.equal(listing(p), '0/2:hot 0/4:hot');
  assert.equal(p.figures().counters.misses, 5);
});
