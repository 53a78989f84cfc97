import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../clock.ts';
import { runExperts } from '../../forward/expert-dispatch.ts';
import { routeRows } from '../../forward/moe-router.ts';
import { TokenLedger } from '../../forward/token-ledger.ts';
import { DispatchRecorder } from '../../inference/dispatch/dispatch-recorder.ts';
import { DEFAULT_MODEL_DESCRIPTOR, generateModelWeights } from '../../model/builtin-models.ts';
import { ColdTier } from './cold-tier.ts';
import { ProceduralArchive } from './expert-archive.ts';
import { payloadBytes } from './expert-payload.ts';
import { rankPredicted } from './expert-prefetch.ts';
import { CONFORMING_TIERS, ExpertStore, type TierBudgets } from './expert-store.ts';
import { tierDecodedModel } from './tiered-model.ts';

const descriptor = DEFAULT_MODEL_DESCRIPTOR;
const shape = { d: descriptor.dModel, dFF: descriptor.dFF };
const EXPERT = payloadBytes(shape);
const scratch = mkdtempSync(join(tmpdir(), 'expert-prefetch-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;

function makeStore(slots: number): ExpertStore {
  return new ExpertStore({
    shape, layers: descriptor.layers, expertsPerLayer: 16, clock: new VirtualClock(), archive: new ProceduralArchive(descriptor),
    cold: new ColdTier(join(scratch, `store-${dirs++}`), shape), budgets: { hotBytes: slots * EXPERT, warmBytes: 0, coldBytes: 1 << 30 },
  });
}

const hot = (store: ExpertStore): string[] => store.residents().filter((e) => e.tier === 'hot').map(({ ref }) => `${ref.layer}/${ref.expert}`);

test('rankPredicted: most selected first, ties by ascending id', () => {
  assert.deepEqual(rankPredicted([5, 2, 9, 2, 5, 7, 2]), [2, 5, 7, 9]);
  assert.deepEqual(rankPredicted([]), []);
});

test('a prefetch places the predicted experts not yet hot, ascending, and the next request finds them hot', async () => {
  const store = makeStore(4);
  const lease = await store.acquire(1, Int32Array.of(6));
  lease.release();
  assert.deepEqual(store.prefetch(1, [9, 6, 3]), [3, 9]);
  // Requests wait for the prefetch's loads, then count them as hot hits.
  const next = await store.acquire(1, Int32Array.of(3, 6, 9));
  next.release();
  assert.deepEqual(hot(store), ['1/3', '1/6', '1/9']);
  assert.deepEqual([store.counters.misses, store.counters.hits.hot], [3, 3]);
});

test('a prefetch takes only freeable slots: never a leased or pinned expert, nothing while requests wait', async () => {
  const store = makeStore(3);
  await store.pin({ layer: 0, expert: 0 });
  const held = await store.acquire(0, Int32Array.of(1));
  // One slot pinned, one leased: one left.
  assert.deepEqual(store.prefetch(1, [4, 5, 6]), [4]);
  const waiting = store.acquire(0, Int32Array.of(2, 3));
  assert.deepEqual(store.prefetch(1, [7]), [], 'a request is waiting');
  held.release();
  (await waiting).release();
  assert.ok(store.isPinned({ layer: 0, expert: 0 }));
  assert.equal(store.residency({ layer: 0, expert: 0 }), 'hot');
});

test('with the prefetch.unpins-pinned deviation a prefetch evicts a pinned expert', async () => {
  const store = new ExpertStore({
    shape, layers: 2, expertsPerLayer: 16, clock: new VirtualClock(), archive: new ProceduralArchive(descriptor),
    cold: new ColdTier(join(scratch, `store-${dirs++}`), shape), budgets: { hotBytes: 2 * EXPERT, warmBytes: 0, coldBytes: 1 << 30 },
    behaviour: { ...CONFORMING_TIERS, prefetch: { ...CONFORMING_TIERS.prefetch, unpinsPinned: true } },
  });
  await store.pin({ layer: 0, expert: 0 });
  assert.deepEqual(store.prefetch(1, [1, 2]), [1, 2]);
  (await store.acquire(1, Int32Array.of(1))).release();
  assert.deepEqual([store.residency({ layer: 0, expert: 0 }), store.isPinned({ layer: 0, expert: 0 })], ['cold', false]);
});

async function tieredDefault(budgets: TierBudgets) {
  const setup = { budgets, coldDir: join(scratch, `model-${dirs++}`), clock: new VirtualClock(), behaviour: CONFORMING_TIERS };
  return tierDecodedModel(descriptor, generateModelWeights(descriptor), setup, new ProceduralArchive(descriptor));
}

test('runExperts with a recorder predicts the next layer from this layer\'s input and settles it there', async () => {
  const weights = await tieredDefault({ hotBytes: 32 * EXPERT, warmBytes: 0, coldBytes: 1 << 30, prefetch: { experts: 3 } });
  const store = weights.tiers!;
  const rows = 6;
  const a = Float32Array.from({ length: rows * shape.d }, (_, i) => (((i * 29 + 3) % 17) - 8) / 8);
  const tokens = Int32Array.from({ length: rows }, (_, row) => row);
  const layers = weights.transformer!.layers;
  const recorder = new DispatchRecorder({ trace: true });
  const route = (layer: number) => routeRows(descriptor, layers[layer]!.router, layer, descriptor.seed, a, rows, new TokenLedger(rows), tokens);
  const ledger = new TokenLedger(rows);
  await runExperts(layers[0]!, shape, a, route(0), ledger, tokens, recorder);
  const expected = rankPredicted(route(1).id).slice(0, 3);
  assert.deepEqual(recorder.pending, { layer: 1, predicted: expected, staged: [...expected].sort((x, y) => x - y) });
  // The pass's ledger holds the FFN's charges only: the prediction routed on a scratch ledger.
  const plain = new TokenLedger(rows);
  await runExperts(layers[0]!, shape, a, route(0), plain, tokens);
  assert.deepEqual(ledger.flopsOf(0), plain.flopsOf(0));
  // Layer 1 routes the same rows, so the prediction is what it uses, as far as the limit goes.
  const used = new Set(route(1).id);
  await runExperts(layers[1]!, shape, a, route(1), new TokenLedger(rows), tokens, recorder);
  assert.equal(recorder.pending, null, 'no layer after the last');
  assert.deepEqual(recorder.trace().layers.map((l) => l.prefetch), [null, { predicted: expected, staged: [...expected].sort((x, y) => x - y) }]);
  assert.deepEqual(store.prefetcher!.view(), { experts: 3, predicted: 3, staged: 3, hits: 3, wasted: 0, needed: used.size, recall: 3 / used.size });
  await store.close();
});

test('a load without tiers.prefetch has no prefetcher and its passes predict nothing', async () => {
  const weights = await tieredDefault({ hotBytes: 4 * EXPERT, warmBytes: 0, coldBytes: 1 << 30 });
  assert.equal(weights.tiers!.prefetcher, null);
  assert.equal(weights.transformer!.layers[0]!.experts.prefetchNext?.(new Float32Array(shape.d), 1, { ledger: new TokenLedger(1), tokens: Int32Array.of(0) }), null);
  await weights.tiers!.close();
});
