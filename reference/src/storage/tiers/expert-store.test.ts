import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { VirtualClock } from '../../clock.ts';
import { RuntimeError } from '../../errors.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import { layerTensorNames } from '../../model/tensor-layout.ts';
import { generateTensor } from '../../model/weight-generator.ts';
import { ColdTier } from './cold-tier.ts';
import { ProceduralArchive, type ExpertArchive } from './expert-archive.ts';
import { payloadBytes, sliceStacked, type ExpertRef } from './expert-payload.ts';
import { CONFORMING_TIERS, ExpertStore, type TierBudgets, type TierBehaviour } from './expert-store.ts';

const descriptor = DEFAULT_MODEL_DESCRIPTOR;
const shape = { d: descriptor.dModel, dFF: descriptor.dFF };
const EXPERT = payloadBytes(shape);
const experts = descriptor.hierarchy.tiers * descriptor.hierarchy.groupsPerTier * descriptor.hierarchy.expertsPerGroup;
const scratch = mkdtempSync(join(tmpdir(), 'expert-store-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;

/** A procedural archive that counts fetches and can be told to fail. */
class CountingArchive implements ExpertArchive {
  readonly kind = 'procedural';
  readonly inner = new ProceduralArchive(descriptor);
  fetches = 0;
  failing = new Set<string>();

  async fetch(ref: ExpertRef): Promise<Float32Array> {
    this.fetches++;
    await Promise.resolve();
    if (this.failing.has(`${ref.layer}/${ref.expert}`)) throw new RuntimeError('E_STORAGE_UNAVAILABLE', 'archive down');
    return this.inner.generate(ref);
  }
}

function makeStore(budgets: Partial<TierBudgets>, behaviour?: TierBehaviour): { store: ExpertStore; archive: CountingArchive } {
  const archive = new CountingArchive();
  const cold = new ColdTier(join(scratch, `store-${dirs++}`), shape);
  const store = new ExpertStore({
    shape, layers: descriptor.layers, expertsPerLayer: experts, clock: new VirtualClock(), archive, cold,
    budgets: { hotBytes: 2 * EXPERT, warmBytes: EXPERT, coldBytes: 1 << 30, ...budgets },
    ...(behaviour === undefined ? {} : { behaviour }),
  });
  return { store, archive };
}

async function use(store: ExpertStore, layer: number, ...ids: number[]): Promise<Int32Array> {
  const lease = await store.acquire(layer, Int32Array.from(ids));
  const slots = lease.slots.slice();
  lease.release();
  return slots;
}

function tiers(store: ExpertStore): string {
  return store.residents().map(({ ref, tier }) => `${ref.layer}/${ref.expert}:${tier}`).join(' ');
}

test('the procedural archive yields exactly the stacked tensors of the same descriptor', () => {
  const names = layerTensorNames(1);
  const stacked = [names.w1, names.w3, names.w2].map((name) => generateTensor(descriptor.seed, {
    name, kind: 'weight', shape: name === names.w2 ? [experts, shape.d, shape.dFF] : [experts, shape.dFF, shape.d],
  }));
  const archive = new ProceduralArchive(descriptor);
  for (const expert of [0, 5, experts - 1]) {
    assert.deepEqual(archive.generate({ layer: 1, expert }), sliceStacked(stacked[0]!, stacked[1]!, stacked[2]!, expert, shape));
  }
});

test('first use loads from the archive and stages cold; later uses hit hot, then warm, then cold', async () => {
  const { store, archive } = makeStore({});
  const slots = await use(store, 0, 3);
  const arena = store.arena;
  const n = shape.d * shape.dFF;
  assert.deepEqual(arena.w1.subarray(slots[0]! * n, (slots[0]! + 1) * n), new ProceduralArchive(descriptor).generate({ layer: 0, expert: 3 }).subarray(0, n));
  assert.equal(archive.fetches, 1);
  await use(store, 0, 3);
  assert.equal(store.counters.hits.hot, 1);
  await use(store, 0, 4, 5); // two slots: 3 is evicted to warm
  assert.equal(tiers(store), '0/3:warm 0/4:hot 0/5:hot');
  await use(store, 0, 3); // warm hit; evicts 4 (least recently used, lower id among equals)
  assert.equal(store.counters.hits.warm, 1);
  assert.equal(tiers(store), '0/3:hot 0/4:warm 0/5:hot');
  store.dropMemoryTiers();
  assert.equal(tiers(store), '0/3:cold 0/4:cold 0/5:cold');
  await use(store, 0, 5);
  assert.equal(store.counters.hits.cold, 1);
  assert.equal(archive.fetches, 3, 'only first uses reach the archive');
  assert.equal(store.counters.misses, 3);
  await store.close();
});

test('concurrent requests for one expert share one load', async () => {
  const { store, archive } = makeStore({});
  const [a, b] = await Promise.all([store.acquire(1, Int32Array.of(7)), store.acquire(1, Int32Array.of(7))]);
  assert.deepEqual(a.slots, b.slots);
  assert.equal(archive.fetches, 1);
  assert.equal(store.counters.coalesced, 1);
  a.release();
  b.release();
  await store.close();
});

test('a leased expert is never evicted: a request needing its slot waits for the release', async () => {
  const { store } = makeStore({ hotBytes: EXPERT });
  const first = await store.acquire(0, Int32Array.of(1));
  let granted = false;
  const second = store.acquire(0, Int32Array.of(2)).then((lease) => {
    granted = true;
    return lease;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(granted, false);
  assert.equal(store.residency({ layer: 0, expert: 1 }), 'hot');
  first.release();
  (await second).release();
  assert.equal(store.residency({ layer: 0, expert: 2 }), 'hot');
  await store.close();
});

test('a pinned expert stays hot; pins leave at least one slot unpinned', async () => {
  const { store } = makeStore({ hotBytes: 3 * EXPERT });
  await store.pin({ layer: 0, expert: 0 });
  await assert.rejects(store.pin({ layer: 0, expert: 1 }).then(() => store.pin({ layer: 0, expert: 2 })), { code: 'E_STORAGE_BUDGET' });
  for (let e = 3; e < 9; e++) await use(store, 1, e);
  assert.equal(store.residency({ layer: 0, expert: 0 }), 'hot');
  assert.equal(store.isPinned({ layer: 0, expert: 0 }), true);
  store.unpin({ layer: 0, expert: 0 });
  for (let e = 3; e < 9; e++) await use(store, 1, e);
  assert.notEqual(store.residency({ layer: 0, expert: 0 }), 'hot');
  assert.throws(() => store.unpin({ layer: 2, expert: 0 }), { code: 'E_STORAGE_EXPERT' });
  await store.close();
});

test('a damaged cold copy fails the request that needs it with E_STORAGE_INTEGRITY; the retry restages it', async () => {
  for (const kind of ['flip', 'truncate', 'delete'] as const) {
    const { store, archive } = makeStore({});
    await use(store, 0, 2);
    await use(store, 0, 9);
    store.dropMemoryTiers();
    assert.equal(store.residency({ layer: 0, expert: 2 }), 'cold');
    assert.equal(await store.damageCold({ layer: 0, expert: 2 }, kind), true);
    await assert.rejects(use(store, 0, 2), { code: 'E_STORAGE_INTEGRITY' }, kind);
    assert.equal(store.counters.integrityFailures, 1);
    assert.equal(store.residency({ layer: 0, expert: 2 }), null, 'the damaged copy is forgotten');
    await use(store, 0, 9); // other experts keep being served
    const fetches = archive.fetches;
    await use(store, 0, 2);
    assert.equal(archive.fetches, fetches + 1);
    assert.equal(store.residency({ layer: 0, expert: 2 }), 'hot');
    await store.close();
  }
});

test('without the hash check a flipped cold copy is used (what the skip-hash fault breaks)', async () => {
  const { store } = makeStore({}, { ...CONFORMING_TIERS, skipColdHash: true });
  await use(store, 0, 2);
  store.dropMemoryTiers();
  await store.damageCold({ layer: 0, expert: 2 }, 'flip');
  await use(store, 0, 2);
  assert.equal(store.counters.integrityFailures, 0);
  await store.close();
});

test('an archive failure fails only the requests for that expert', async () => {
  const { store, archive } = makeStore({});
  archive.failing.add('1/4');
  await assert.rejects(use(store, 1, 3, 4), { code: 'E_STORAGE_UNAVAILABLE' });
  assert.equal(store.counters.archiveFailures, 1);
  await use(store, 1, 3);
  archive.failing.clear();
  await use(store, 1, 4);
  assert.equal(store.residency({ layer: 1, expert: 4 }), 'hot');
  await store.close();
});

test('budgets: a hot tier below one expert is refused; the cold tier evicts least recently used files', async () => {
  assert.throws(() => makeStore({ hotBytes: EXPERT - 1 }), { code: 'E_STORAGE_BUDGET' });
  const { store } = makeStore({ coldBytes: 2 * store0ColdFile() });
  for (const e of [1, 2, 3]) await use(store, 0, e);
  assert.deepEqual(store.cold.refs().map((ref) => ref.expert).sort(), [2, 3]);
  assert.equal(store.counters.evictions.cold, 1);
  await store.close();
});

function store0ColdFile(): number {
  return new ColdTier(join(scratch, 'probe'), shape).fileBytes;
}

test('the same access trace always leaves the same residency and counters', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 2 })), { minLength: 1, maxLength: 25 }), async (trace) => {
      const runs = [];
      for (let copy = 0; copy < 2; copy++) {
        const { store } = makeStore({ hotBytes: 2 * EXPERT, warmBytes: 2 * EXPERT, coldBytes: 5 * store0ColdFile() });
        const seen: string[] = [];
        for (const [layer, ids] of trace) {
          await use(store, layer, ...ids.sort((a, b) => a - b));
          seen.push(tiers(store));
        }
        runs.push({ seen, counters: JSON.stringify(store.counters) });
        await store.close();
      }
      assert.deepEqual(runs[0], runs[1]);
    }),
    { numRuns: 25 },
  );
});
