import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../clock.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import { ColdTier } from './cold-tier.ts';
import { ProceduralArchive } from './expert-archive.ts';
import { payloadBytes } from './expert-payload.ts';
import { CONFORMING_TIERS, ExpertStore, type TierBehaviour } from './expert-store.ts';

const descriptor = DEFAULT_MODEL_DESCRIPTOR;
const shape = { d: descriptor.dModel, dFF: descriptor.dFF };
const EXPERT = payloadBytes(shape);
const scratch = mkdtempSync(join(tmpdir(), 'cold-staging-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const archive = new ProceduralArchive(descriptor);
const FILE = new ColdTier(join(scratch, 'probe'), shape).fileBytes;

function makeStore(coldFiles: number, behaviour: TierBehaviour = CONFORMING_TIERS): ExpertStore {
  return new ExpertStore({
    shape, layers: descriptor.layers, expertsPerLayer: 16, clock: new VirtualClock(), archive, behaviour,
    cold: new ColdTier(join(scratch, `store-${dirs++}`), shape), budgets: { hotBytes: 4 * EXPERT, warmBytes: 0, coldBytes: coldFiles * FILE },
  });
}

const cold = (store: ExpertStore) => store.cold.refs().map((ref) => ref.expert).sort((a, b) => a - b);

test('first uses staged concurrently never take the cold tier past its budget; they are admitted in request order', async () => {
  const store = makeStore(2);
  (await store.acquire(0, Int32Array.of(0, 1, 2, 3))).release();
  assert.deepEqual(cold(store), [0, 1], 'the wave\'s experts are in use: no file of theirs can be evicted for another');
  assert.ok(store.cold.usedBytes <= 2 * FILE);
  assert.equal(store.cold.reservedBytes, 0, 'every reservation ended');
  // A later wave evicts the least recently used files, never one of its own experts.
  (await store.acquire(0, Int32Array.of(4, 5))).release();
  assert.deepEqual(cold(store), [4, 5]);
  assert.equal(store.counters.evictions.cold, 2);
  assert.equal(readdirSync(store.cold.dir).length, 2, 'evicted files are removed from disk');
  await store.close();
});

test('without the reservation, concurrent stagings overshoot the budget (what tier.cold-budget-unreserved breaks)', async () => {
  const store = makeStore(2, { ...CONFORMING_TIERS, coldBudgetUnreserved: true });
  (await store.acquire(0, Int32Array.of(0, 1, 2, 3))).release();
  assert.ok(store.cold.usedBytes > 2 * FILE, `${store.cold.usedBytes} bytes in a budget of ${2 * FILE}`);
  await store.close();
});

test('staging at load keeps the first experts that fit and evicts nothing', async () => {
  const store = makeStore(3);
  await store.stageAtLoad(Array.from({ length: 5 }, (_, expert) => ({ ref: { layer: 1, expert }, payload: archive.generate({ layer: 1, expert }) })));
  assert.deepEqual(cold(store), [0, 1, 2]);
  assert.equal(store.counters.evictions.cold, 0);
  assert.equal(store.counters.bytesMoved.archiveToCold, 3 * EXPERT, 'payload bytes, not file bytes');
  await store.close();
});

test('a cold budget of zero stages nothing, and every first use still loads', async () => {
  const store = makeStore(0);
  (await store.acquire(1, Int32Array.of(7, 9))).release();
  assert.deepEqual(cold(store), []);
  assert.deepEqual(store.residents().map(({ ref, tier }) => `${ref.expert}:${tier}`), ['7:hot', '9:hot']);
  assert.equal(store.counters.bytesMoved.archiveToCold, 0);
  await store.close();
});
