import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvPagePool, pageLength, type KvPage } from './kv-pool.ts';

const SMALL = { layers: 2, d: 4 };
const LARGE = { layers: 2, d: 8 };

/** The figures worked out by looking at every page, to hold the pool's running counts against. */
function scanned(pages: readonly KvPage[]): { active: number; cached: number } {
  const held = new Set(pages);
  let active = 0;
  let cached = 0;
  for (const page of held) {
    if (page.refs > 0) active++;
    else if (page.prefixKey !== null) cached++;
  }
  return { active, cached };
}

test('pages of released generations are handed out again zeroed, and the running figures match a scan', () => {
  const pool = new KvPagePool(4);
  const first = pool.reserve(2, [], SMALL);
  first[0]!.data.fill(7);
  first[1]!.data.fill(9);
  pool.index(first[0]!, 'prefix-a');
  assert.deepEqual(pool.figures().pagesActive, 2);
  pool.release(first);
  assert.deepEqual({ active: pool.figures().pagesActive, cached: pool.figures().pagesCached }, scanned(first));
  assert.equal(pool.figures().pagesFree, 3);

  const second = pool.reserve(1, [], SMALL);
  // The unindexed page's buffer comes back, zeroed; the cached page keeps its keys and values.
  assert.equal(second[0]!.data, first[1]!.data);
  assert.ok(second[0]!.data.every((x) => x === 0));
  assert.ok(first[0]!.data.every((x) => x === 7));
  assert.deepEqual({ active: pool.figures().pagesActive, cached: pool.figures().pagesCached }, scanned([...first, ...second]));
});

test('reusing a cached page makes it active, and it cannot be counted as evictable for the same reservation', () => {
  const pool = new KvPagePool(3);
  const [cachedPage] = pool.reserve(1, [], SMALL);
  pool.index(cachedPage!, 'prefix-a');
  pool.release([cachedPage!]);
  assert.equal(pool.figures().pagesCached, 1);
  // Two free pages and one cached: three new pages fit only by evicting it, two fit beside it when it is kept.
  assert.equal(pool.canReserve(3, []), true);
  assert.equal(pool.canReserve(3, [cachedPage!]), false);
  assert.equal(pool.canReserve(2, [cachedPage!]), true);
  const pages = pool.reserve(2, [cachedPage!], SMALL);
  assert.deepEqual(pool.figures(), { ...pool.figures(), pagesActive: 3, pagesCached: 0, pagesFree: 0, prefixHits: 1 });
  pool.release(pages);
  assert.deepEqual({ active: pool.figures().pagesActive, cached: pool.figures().pagesCached, free: pool.figures().pagesFree }, { active: 0, cached: 1, free: 2 });
});

test('an eviction frees the victim for the new page; pages of another shape get buffers of their own length', () => {
  const pool = new KvPagePool(2);
  const old = pool.reserve(2, [], SMALL);
  old.forEach((page, i) => pool.index(page, `p${i}`));
  pool.release(old);
  const large = pool.reserve(2, [], LARGE);
  assert.equal(pool.figures().evictions, 2);
  assert.ok(large.every((page) => page.data.length === pageLength(LARGE)));
  assert.equal(pool.lookup('p0', SMALL), undefined);
  pool.release(large);
  const small = pool.reserve(2, [], SMALL);
  assert.ok(small.every((page) => page.data.length === pageLength(SMALL) && page.data.every((x) => x === 0)));
  assert.deepEqual(small.map((page) => page.id), [0, 1]);
});
