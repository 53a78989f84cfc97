import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../clock.ts';
import { RuntimeError } from '../../errors.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import { ColdTier } from './cold-tier.ts';
import { ProceduralArchive, type ExpertArchive } from './expert-archive.ts';
import { payloadBytes, refKey, type ExpertRef } from './expert-payload.ts';
import { ExpertStore, type TierBudgets } from './expert-store.ts';

const descriptor = DEFAULT_MODEL_DESCRIPTOR;
const shape = { d: descriptor.dModel, dFF: descriptor.dFF };
const EXPERT = payloadBytes(shape);
const scratch = mkdtempSync(join(tmpdir(), 'expert-store-waits-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;

/** An archive whose fetches the test settles by hand, so the order of loads is the test's, not the machine's. */
class GatedArchive implements ExpertArchive {
  readonly kind = 'procedural';
  private readonly inner = new ProceduralArchive(descriptor);
  private readonly pending = new Map<string, { resolve: (payload: Float32Array) => void; reject: (error: unknown) => void; ref: ExpertRef }>();

  fetch(ref: ExpertRef): Promise<Float32Array> {
    return new Promise((resolve, reject) => this.pending.set(refKey(ref), { resolve, reject, ref }));
  }

  deliver(layer: number, expert: number): void {
    const gate = this.pending.get(refKey({ layer, expert }));
    if (gate === undefined) return;
    this.pending.delete(refKey({ layer, expert }));
    gate.resolve(this.inner.generate(gate.ref));
  }

  fail(layer: number, expert: number): void {
    const gate = this.pending.get(refKey({ layer, expert }))!;
    this.pending.delete(refKey({ layer, expert }));
    gate.reject(new RuntimeError('E_STORAGE_UNAVAILABLE', 'archive down'));
  }
}

function makeStore(budgets: Partial<TierBudgets>): { store: ExpertStore; archive: GatedArchive } {
  const archive = new GatedArchive();
  const store = new ExpertStore({
    shape, layers: descriptor.layers, expertsPerLayer: 16, clock: new VirtualClock(), archive,
    cold: new ColdTier(join(scratch, `store-${dirs++}`), shape), budgets: { hotBytes: 3 * EXPERT, warmBytes: 0, coldBytes: 0, ...budgets },
  });
  return { store, archive };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a request waiting for slots that a failed request left loading is granted when those loads finish', async () => {
  const { store, archive } = makeStore({});
  const placed = () => store.arena.occupied().map((slot) => slot.usage.ref.expert).sort((a, b) => a - b);
  const first = store.acquire(0, Int32Array.of(0, 1, 2));
  const second = store.acquire(0, Int32Array.of(3, 4, 5));
  archive.fail(0, 1);
  await assert.rejects(first, { code: 'E_STORAGE_UNAVAILABLE' });
  await settle();
  assert.deepEqual(placed(), [0, 2], 'experts 0 and 2 are still loading: their slots cannot be taken yet');
  archive.deliver(0, 0);
  archive.deliver(0, 2);
  await settle();
  assert.deepEqual(placed(), [3, 4, 5], 'the finished loads freed the slots the waiting request needs');
  for (const expert of [3, 4, 5]) archive.deliver(0, expert);
  (await second).release();
  assert.deepEqual(store.residents().map(({ ref, tier }) => `${ref.expert}:${tier}`), ['3:hot', '4:hot', '5:hot']);
  await store.close();
});

test('an expert the warm tier evicts, held by no other tier, starts its uses again when it comes back', async () => {
  // One slot, one warm expert, no cold tier: 1 is used three times, then pushed out of hot and warm by 2 and 3.
  const { store, archive } = makeStore({ hotBytes: 2 * EXPERT, warmBytes: EXPERT });
  const use = async (...ids: number[]) => {
    const lease = store.acquire(0, Int32Array.from(ids));
    await settle();
    for (const id of ids) if (store.residency({ layer: 0, expert: id }) !== 'hot') archive.deliver(0, id);
    (await lease).release();
  };
  await use(1);
  await use(1);
  await use(1);
  await use(2, 3);
  await use(4);
  assert.equal(store.residency({ layer: 0, expert: 1 }), null, '1 was evicted from warm by 2, then held nowhere');
  await use(1, 3);
  // 1 and 3 share lastUse; 1 has one use since it came back, 3 has two: 1 is the victim, not 3.
  await use(5);
  assert.deepEqual(store.residents().map(({ ref, tier }) => `${ref.expert}:${tier}`), ['1:warm', '3:hot', '5:hot']);
  await store.close();
});

test('a warm hit completing inside a grant does not let a queued request take the slots that grant is filling', async () => {
  const store = new ExpertStore({
    shape, layers: descriptor.layers, expertsPerLayer: 16, clock: new VirtualClock(), archive: new ProceduralArchive(descriptor),
    cold: new ColdTier(join(scratch, `store-${dirs++}`), shape), budgets: { hotBytes: 2 * EXPERT, warmBytes: 2 * EXPERT, coldBytes: 0 },
  });
  (await store.acquire(0, Int32Array.of(0, 1))).release();
  (await store.acquire(0, Int32Array.of(2, 3))).release();
  const held = await store.acquire(0, Int32Array.of(2));
  const first = store.acquire(0, Int32Array.of(0, 4)); // 0 is warm: its load completes while the grant is placing 4
  const second = store.acquire(0, Int32Array.of(5));
  held.release();
  const lease = await first;
  const n = shape.d * shape.dFF;
  const generated = new ProceduralArchive(descriptor);
  lease.slots.forEach((slot, i) => {
    const expert = [0, 4][i]!;
    assert.deepEqual(store.arena.w1.subarray(slot * n, (slot + 1) * n), generated.generate({ layer: 0, expert }).subarray(0, n), `expert ${expert}`);
  });
  lease.release();
  (await second).release();
  await store.close();
});
