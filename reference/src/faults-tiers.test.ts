import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { FaultBench } from './test-support/fault-bench.ts';
import { assertError, call } from './test-support/inject.ts';
import { EXPERT, FILE, forward, listing, withTiered, tierView, tiers } from './test-support/tier-fault-kit.ts';

// Tier faults of placement, accounting and pins (SPEC-021 to SPEC-023, SPEC-027); failures: faults-tiers-failure.
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const hello = Array.from(Buffer.from('Hello, world'));
const SEQUENCES = [hello, [1, 2, 3, 4, 5], [9, 8, 7], hello, [1, 2, 3, 4, 5]];

async function forwardAll(app: FastifyInstance, model = 'default'): Promise<string[]> {
  const digests: string[] = [];
  for (const sequence of SEQUENCES) digests.push((await forward(app, sequence, model)).json<{ digest: string }>().digest);
  return digests;
}

test('tier.warm-hit-unwritten: a warm hit computes with the weights the slot held before', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.warm-hit-unwritten'), tiers(2, 16, 1 << 30));
  assert.notDeepEqual(await forwardAll(faulty), await forwardAll(clean));
  assert.ok((await tierView(clean)).counters.hits.warm > 0);
});

test('tier.slots-rounded-up: 2.5 experts of hot budget give three slots', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.slots-rounded-up'), { hotBytes: 2.5 * EXPERT, warmBytes: 0, coldBytes: 0 });
  assert.deepEqual([(await tierView(clean)).hot.slots, (await tierView(faulty)).hot.slots], [2, 3]);
});

test('tier.load-staging-evicts: a cold budget of five files ends with the last five experts instead of the first', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.load-staging-evicts'), tiers(1, 0, 5 * FILE));
  assert.deepEqual((await listing(clean)).map((e) => `${e.layer}/${e.expert}`), ['0/0', '0/1', '0/2', '0/3', '0/4']);
  // Each layer's batch evicts the files before it: layer 1's first five replace layer 0's last five.
  assert.deepEqual((await listing(faulty)).map((e) => `${e.layer}/${e.expert}`), ['1/0', '1/1', '1/2', '1/3', '1/4']);
});

test('tier.no-hot-budget-check: a hot budget below one expert loads', async () => {
  const [clean, faulty] = await bench.pair('tier.no-hot-budget-check');
  const body = { body: { builtin: 'default', tiers: { hotBytes: EXPERT - 1, warmBytes: 0, coldBytes: 0 } } };
  assertError(await call(clean, 'POST', '/v1/models', body), 507, 'E_STORAGE_BUDGET');
  assert.equal((await call(faulty, 'POST', '/v1/models', body)).statusCode, 201);
});

test('tier.charge-omits-warm: the memory document leaves the warm budget out', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.charge-omits-warm'), tiers(3, 2, 0));
  const bytes = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/memory')).json<{ usedBytes: number }>().usedBytes;
  assert.equal((await bytes(clean)) - (await bytes(faulty)), 2 * EXPERT);
});

test('tier.procedural-reported-http: procedural-1e8 reports the http archive', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.procedural-reported-http'), tiers(1, 0, 0, 'procedural-1e8'), 'procedural-1e8');
  assert.deepEqual([(await tierView(clean, 'procedural-1e8')).archive, (await tierView(faulty, 'procedural-1e8')).archive], ['procedural', 'http']);
});

test('tier.warm-keeps-copy: warm hits leave copies behind, so warm holds experts that are hot', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.warm-keeps-copy'), tiers(2, 16, 1 << 30));
  await forwardAll(clean);
  await forwardAll(faulty);
  const warmListed = async (app: FastifyInstance) => (await listing(app)).filter((e) => e.tier === 'warm').length;
  assert.equal((await tierView(clean)).warm.experts, await warmListed(clean));
  assert.ok((await tierView(faulty)).warm.experts > (await warmListed(faulty)));
});

test('tier.demote-drops: experts evicted from hot never reach the warm tier', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.demote-drops'), tiers(2, 4, 1 << 30));
  await forwardAll(clean);
  await forwardAll(faulty);
  assert.deepEqual([(await tierView(clean)).warm.experts, (await tierView(faulty)).warm.experts], [4, 0]);
});

test('tier.miss-not-staged: first uses of procedural-1e8 are not written cold', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.miss-not-staged'), tiers(64, 0, 1 << 30, 'procedural-1e8'), 'procedural-1e8');
  await forward(clean, [1, 2], 'procedural-1e8');
  await forward(faulty, [1, 2], 'procedural-1e8');
  assert.ok((await tierView(clean, 'procedural-1e8')).cold.experts > 0);
  assert.equal((await tierView(faulty, 'procedural-1e8')).cold.experts, 0);
});

test('tier.cold-budget-unreserved: concurrent first uses overshoot a cold budget of two files', async () => {
  const budget = tiers(8, 0, 0, 'procedural-1e8');
  const [clean, faulty] = await withTiered(await bench.pair('tier.cold-budget-unreserved'), { ...budget, coldBytes: 2 * 1573104 }, 'procedural-1e8');
  await forward(clean, hello, 'procedural-1e8');
  await forward(faulty, hello, 'procedural-1e8');
  const { cold } = await tierView(clean, 'procedural-1e8');
  assert.ok(cold.usedBytes <= cold.budgetBytes);
  const over = (await tierView(faulty, 'procedural-1e8')).cold;
  assert.ok(over.usedBytes > over.budgetBytes, JSON.stringify(over));
});

test('tier.bytes-moved-file-size: archiveToCold counts file bytes', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.bytes-moved-file-size'), tiers(1, 0, 1 << 30));
  assert.deepEqual([(await tierView(clean)).counters.bytesMoved.archiveToCold, (await tierView(faulty)).counters.bytesMoved.archiveToCold], [32 * EXPERT, 32 * FILE]);
});

test('tier.latency-counts-hot-hits: hot hits enter the load-latency histogram', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.latency-counts-hot-hits'), tiers(32, 0, 1 << 30));
  for (const app of [clean, faulty]) for (let i = 0; i < 2; i++) await forward(app, [1, 2, 3]);
  const loads = (await tierView(clean)).counters.hits.cold;
  assert.equal((await tierView(clean)).loadLatencyMs.count, loads);
  assert.ok((await tierView(faulty)).loadLatencyMs.count > loads);
});

test('tier.warm-hit-counted-cold: warm hits are reported as cold hits', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.warm-hit-counted-cold'), tiers(2, 16, 1 << 30));
  await forwardAll(clean);
  await forwardAll(faulty);
  const [a, b] = [(await tierView(clean)).counters, (await tierView(faulty)).counters];
  assert.ok(a.hits.warm > 0);
  assert.deepEqual([b.hits.warm, b.hits.cold], [0, a.hits.cold + a.hits.warm]);
});

test('tier.evict-memory-keeps-warm: evict-memory leaves the warm tier', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.evict-memory-keeps-warm'), tiers(2, 4, 1 << 30));
  for (const app of [clean, faulty]) {
    await forwardAll(app);
    assert.equal((await call(app, 'POST', '/v1/conformance/tiers/default/evict-memory')).statusCode, 204);
  }
  assert.deepEqual([(await tierView(clean)).warm.experts, (await tierView(faulty)).warm.experts], [0, 4]);
});

test('tier.evict-most-recent: another residency after the same trace', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.evict-most-recent'), tiers(6, 0, 0));
  const trail = async (app: FastifyInstance) => {
    const seen = [];
    for (const sequence of SEQUENCES) {
      await forward(app, sequence);
      seen.push(await listing(app));
    }
    return seen;
  };
  assert.notDeepEqual(await trail(faulty), await trail(clean));
});

test('tier.evict-pinned: a pinned expert is evicted like any other', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.evict-pinned'), tiers(3, 0, 1 << 30));
  for (const app of [clean, faulty]) {
    assert.equal((await call(app, 'PUT', '/v1/tiers/default/pins/1/5')).statusCode, 204);
    await forwardAll(app);
  }
  assert.deepEqual([await pinned(clean), await pinned(faulty)], [true, false]);
});

test('tier.unpin-ignored: an unpinned expert stays pinned', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.unpin-ignored'), tiers(3, 0, 1 << 30));
  for (const app of [clean, faulty]) {
    assert.equal((await call(app, 'PUT', '/v1/tiers/default/pins/1/5')).statusCode, 204);
    assert.equal((await call(app, 'DELETE', '/v1/tiers/default/pins/1/5')).statusCode, 204);
  }
  assert.deepEqual([await pinned(clean), await pinned(faulty)], [false, true]);
});

test('tier.pin-every-slot: the last unpinned slot can be pinned', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.pin-every-slot'), tiers(3, 0, 1 << 30));
  for (const app of [clean, faulty]) for (const expert of [1, 2]) assert.equal((await call(app, 'PUT', `/v1/tiers/default/pins/0/${expert}`)).statusCode, 204);
  assertError(await call(clean, 'PUT', '/v1/tiers/default/pins/0/3'), 507, 'E_STORAGE_BUDGET');
  assert.equal((await call(faulty, 'PUT', '/v1/tiers/default/pins/0/3')).statusCode, 204);
  assertError(await forward(faulty, [1, 2]), 507, 'E_STORAGE_BUDGET');
});

test('tier.pin-unchecked: pins of experts the model lacks are accepted', async () => {
  const [clean, faulty] = await withTiered(await bench.pair('tier.pin-unchecked'), tiers(3, 0, 1 << 30));
  assertError(await call(clean, 'PUT', '/v1/tiers/default/pins/0/16'), 422, 'E_STORAGE_EXPERT');
  assertError(await call(clean, 'DELETE', '/v1/tiers/default/pins/2/0'), 422, 'E_STORAGE_EXPERT');
  assert.equal((await call(faulty, 'DELETE', '/v1/tiers/default/pins/2/0')).statusCode, 204);
  assert.notEqual((await call(faulty, 'PUT', '/v1/tiers/default/pins/0/16')).statusCode, 422);
});

async function pinned(app: FastifyInstance): Promise<boolean> {
  return (await listing(app)).find((e) => e.layer === 1 && e.expert === 5)?.pinned === true;
}
