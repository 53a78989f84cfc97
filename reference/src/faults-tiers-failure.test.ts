import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildModelFiles, DEFAULT_MODEL_DESCRIPTOR } from './model/builtin-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { serveModelFiles } from './test-support/forward-models.ts';
import { assertError, call } from './test-support/inject.ts';
import { forward, listing, withTiered, tierView, tiers, usedExperts } from './test-support/tier-fault-kit.ts';

// Tier faults of verification, the archive, lazy loading and leases (SPEC-024 to SPEC-027).
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const hello = Array.from(Buffer.from('Hello, world'));

/** Both servers with `default` tiered, hello forwarded once, the memory tiers emptied and one of hello's experts' cold copy flipped. */
async function damaged(pair: [FastifyInstance, FastifyInstance]): Promise<[FastifyInstance, FastifyInstance]> {
  const apps = await withTiered(pair, tiers(2, 0, 1 << 30));
  for (const app of apps) {
    const [victim] = usedExperts(await forward(app, hello));
    assert.equal((await call(app, 'POST', '/v1/conformance/tiers/default/evict-memory')).statusCode, 204);
    const damaged = await call(app, 'POST', '/v1/conformance/tiers/default/damage', { body: { ...victim, damage: 'flip' } });
    assert.deepEqual(damaged.json(), { damaged: true });
  }
  return apps;
}

test('tier.skip-cold-hash: a flipped cold copy is used', async () => {
  const [clean, faulty] = await damaged(await bench.pair('tier.skip-cold-hash'));
  assertError(await forward(clean, hello), 503, 'E_STORAGE_INTEGRITY');
  assert.equal((await forward(faulty, hello)).statusCode, 200);
});

test('tier.keep-damaged-copy: the retry reads the same damaged copy again', async () => {
  const [clean, faulty] = await damaged(await bench.pair('tier.keep-damaged-copy'));
  for (const app of [clean, faulty]) assertError(await forward(app, hello), 503, 'E_STORAGE_INTEGRITY');
  assert.equal((await forward(clean, hello)).statusCode, 200);
  assertError(await forward(faulty, hello), 503, 'E_STORAGE_INTEGRITY');
});

test('tier.failure-poisons-model: after one failed load every request fails', async () => {
  const [clean, faulty] = await damaged(await bench.pair('tier.failure-poisons-model'));
  for (const app of [clean, faulty]) assertError(await forward(app, hello), 503, 'E_STORAGE_INTEGRITY');
  assert.equal((await forward(clean, [9])).statusCode, 200);
  assertError(await forward(faulty, [9]), 503, 'E_STORAGE_INTEGRITY');
});

test('tier.no-coalescing: every request for an expert loads it again', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.no-coalescing'), tiers(64, 0, 0, 'procedural-1e8'), 'procedural-1e8');
  const distinct = usedExperts(await forward(clean, [1, 2], 'procedural-1e8')).length;
  await forward(clean, [1, 2], 'procedural-1e8');
  for (let i = 0; i < 2; i++) await forward(faulty, [1, 2], 'procedural-1e8');
  assert.deepEqual([(await tierView(clean, 'procedural-1e8')).counters.misses, (await tierView(faulty, 'procedural-1e8')).counters.misses], [distinct, 2 * distinct]);
});

test('tier.eager-load: experts are hot before any forward pass', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.eager-load'), tiers(4, 0, 1 << 30));
  const hot = async (app: FastifyInstance) => (await listing(app)).filter((e) => e.tier === 'hot').length;
  assert.deepEqual([await hot(clean), await hot(faulty)], [0, 4]);
});

test('tier.evict-in-use: concurrent passes through one slot compute with experts evicted under them', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.evict-in-use'), tiers(1, 0, 1 << 30));
  const sequences = [hello, [1, 2, 3], [4, 5], [6, 7, 8, 9], [10], [11, 12]];
  const outcomes = async (app: FastifyInstance) => (await Promise.all(sequences.map((s) => forward(app, s)))).map((r) => `${r.statusCode} ${r.statusCode === 200 ? r.json<{ digest: string }>().digest : ''}`);
  const serial = [];
  for (const s of sequences) serial.push(`200 ${(await forward(clean, s)).json<{ digest: string }>().digest}`);
  assert.deepEqual(await outcomes(clean), serial);
  assert.notDeepEqual(await outcomes(faulty), serial);
});

/** Both servers with a copy of `default` served over HTTP, tiered without a cold tier, so misses re-fetch its shards. */
async function archived(apps: [FastifyInstance, FastifyInstance], dir: string): Promise<{ apps: [FastifyInstance, FastifyInstance]; shard: string }> {
  const files = buildModelFiles({ ...DEFAULT_MODEL_DESCRIPTOR, name: 'archived' });
  const manifestUrl = serveModelFiles(bench.fixtures, dir, files);
  for (const app of apps) assert.equal((await call(app, 'POST', '/v1/models', { body: { manifestUrl, tiers: tiers(2, 0, 0) } })).statusCode, 201);
  return { apps, shard: `/${dir}/layer-0.safetensors` };
}

test('tier.archive-unverified: an archive shard altered after the load is used', async () => {
  const { apps: [clean, faulty], shard } = await archived(await bench.pair('tier.archive-unverified'), 'unverified/archived');
  const original = buildModelFiles({ ...DEFAULT_MODEL_DESCRIPTOR, name: 'archived' });
  const index = original.manifest.shards.findIndex((s) => s.path === 'layer-0.safetensors');
  const altered = Uint8Array.from(original.shards[index]!);
  altered[altered.length - 1]! ^= 0x01;
  bench.fixtures.set(shard, altered);
  assertError(await forward(clean, hello, 'archived'), 503, 'E_STORAGE_UNAVAILABLE');
  assert.equal((await forward(faulty, hello, 'archived')).statusCode, 200);
});

test('tier.archive-error-internal: an unreachable archive answers 500', async () => {
  const { apps: [clean, faulty], shard } = await archived(await bench.pair('tier.archive-error-internal'), 'error-internal/archived');
  bench.fixtures.remove(shard);
  assertError(await forward(clean, hello, 'archived'), 503, 'E_STORAGE_UNAVAILABLE');
  assertError(await forward(faulty, hello, 'archived'), 500, 'E_INTERNAL');
});
