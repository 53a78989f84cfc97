import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { PrefetchView } from '../../storage/tiers/expert-prefetch.ts';
import { FaultBench } from '../../test-support/fault-bench.ts';
import { assertSchema, call } from '../../test-support/inject.ts';
import { EXPERT, listing, tierView } from '../../test-support/tier-fault-kit.ts';

// Dispatch and prefetch faults (SPEC-044, SPEC-045): each pair differs only by the switch.
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const hello = Array.from(Buffer.from('Hello, world'));
const OTHER = [3, 1, 4, 1, 5, 9, 2, 6];

interface Batch {
  expert: number;
  rows: number[];
}
interface Dispatched {
  digest: string;
  sequences: { tokens: { flops: { router: number } }[] }[];
  dispatch: { capacity: number | null; layers: { layer: number; batches: Batch[]; prefetch: { predicted: number[]; staged: number[] } | null }[] };
}

async function dispatched(app: FastifyInstance, sequences: number[][], extra: Record<string, unknown> = {}, model = 'default'): Promise<Dispatched> {
  const response = await call(app, 'POST', '/v1/forward', { body: { model, sequences, dispatch: true, ...extra } });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json<Dispatched>();
  assertSchema('forward-result', body);
  return body;
}

/** `default` loaded tiered in both servers: hot slots, no warm tier, every expert cold, prefetch of `experts`. */
async function withPrefetch(apps: [FastifyInstance, FastifyInstance], slots: number, experts: number): Promise<[FastifyInstance, FastifyInstance]> {
  const tiers = { hotBytes: slots * EXPERT, warmBytes: 0, coldBytes: 1 << 30, prefetch: { experts } };
  for (const app of apps) assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default', tiers } })).statusCode, 201);
  return apps;
}

/** `default` loaded resident in both servers. */
async function withDefault(apps: [FastifyInstance, FastifyInstance]): Promise<[FastifyInstance, FastifyInstance]> {
  for (const app of apps) assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode, 201);
  return apps;
}

const experts = (d: Dispatched, layer: number): number[] => d.dispatch.layers[layer]!.batches.map((b) => b.expert);

test('dispatch.experts-descending: the trace lists experts by descending id, with the same digest', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('dispatch.experts-descending'));
  const [a, b] = [await dispatched(clean, [hello]), await dispatched(faulty, [hello])];
  assert.deepEqual(experts(a, 0), [...experts(a, 0)].sort((x, y) => x - y));
  assert.deepEqual(experts(b, 0), [...experts(a, 0)].reverse());
  assert.equal(a.digest, b.digest);
});

test('dispatch.rows-descending: an expert\'s rows are listed in descending order', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('dispatch.rows-descending'));
  const rows = async (app: FastifyInstance) => (await dispatched(app, [hello, OTHER])).dispatch.layers[0]!.batches.map((b) => b.rows);
  const [a, b] = [await rows(clean), await rows(faulty)];
  assert.ok(a.every((r) => r.every((row, i) => i === 0 || row > r[i - 1]!)));
  assert.deepEqual(b, a.map((r) => [...r].reverse()));
});

test('dispatch.capacity-ignored: capacity 2 still gives batches of more than two rows', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('dispatch.capacity-ignored'));
  const largest = async (app: FastifyInstance) => Math.max(...(await dispatched(app, [hello], { capacity: 2 })).dispatch.layers.flatMap((l) => l.batches.map((b) => b.rows.length)));
  assert.equal(await largest(clean), 2);
  assert.ok((await largest(faulty)) > 2);
});

test('dispatch.capacity-drops-overflow: capacity 1 changes the digest; without a capacity it does not', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('dispatch.capacity-drops-overflow'));
  const plain = (await dispatched(clean, [hello])).digest;
  assert.equal((await dispatched(clean, [hello], { capacity: 1 })).digest, plain);
  assert.equal((await dispatched(faulty, [hello])).digest, plain);
  assert.notEqual((await dispatched(faulty, [hello], { capacity: 1 })).digest, plain);
});

test('dispatch.scatter-reversed: outputs reach the wrong rows, so the digest changes', async () => {
  const [clean, faulty] = await withDefault(await bench.pair('dispatch.scatter-reversed'));
  assert.notEqual((await dispatched(faulty, [hello])).digest, (await dispatched(clean, [hello])).digest);
  assert.equal((await dispatched(faulty, [[7]])).digest, (await dispatched(clean, [[7]])).digest, 'one row per expert: nothing to reverse');
});

test('prefetch.same-layer-router: layer 1\'s prediction comes from the wrong router', async () => {
  const [clean, faulty] = await withPrefetch(await bench.pair('prefetch.same-layer-router'), 32, 4);
  const predicted = async (app: FastifyInstance) => (await dispatched(app, [hello, OTHER])).dispatch.layers[1]!.prefetch!.predicted;
  assert.notDeepEqual(await predicted(faulty), await predicted(clean));
});

test('prefetch.unbounded: a limit of 2 predicts and stages more than two experts', async () => {
  const [clean, faulty] = await withPrefetch(await bench.pair('prefetch.unbounded'), 32, 2);
  const [a, b] = [(await dispatched(clean, [hello])).dispatch.layers[1]!.prefetch!, (await dispatched(faulty, [hello])).dispatch.layers[1]!.prefetch!];
  assert.deepEqual([a.predicted.length, a.staged.length], [2, 2]);
  assert.ok(b.predicted.length > 2 && b.staged.length > 2);
});

test('prefetch.unpins-pinned: a pinned expert loses its pin when a prefetch needs the slot', async () => {
  const [clean, faulty] = await withPrefetch(await bench.pair('prefetch.unpins-pinned'), 3, 4);
  for (const app of [clean, faulty]) {
    assert.equal((await call(app, 'PUT', '/v1/tiers/default/pins/0/0')).statusCode, 204);
    await dispatched(app, [hello]);
  }
  const pinned = async (app: FastifyInstance) => (await listing(app)).filter((e) => e.pinned).map((e) => `${e.layer}/${e.expert}`);
  assert.deepEqual(await pinned(clean), ['0/0']);
  assert.deepEqual(await pinned(faulty), []);
});

test('prefetch.charges-pass: the prediction\'s router work shows in the tokens\' FLOPs', async () => {
  const [clean, faulty] = await withPrefetch(await bench.pair('prefetch.charges-pass'), 32, 4);
  const router = async (app: FastifyInstance) => (await dispatched(app, [hello])).sequences[0]!.tokens[0]!.flops.router;
  assert.ok((await router(faulty)) > (await router(clean)));
});

test('prefetch.recall-over-predicted: recall is hits over predicted', async () => {
  const [clean, faulty] = await withPrefetch(await bench.pair('prefetch.recall-over-predicted'), 32, 2);
  for (const app of [clean, faulty]) await dispatched(app, [hello]);
  const prefetch = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/tiers/default')).json<{ prefetch: PrefetchView }>().prefetch;
  const [a, b] = [await prefetch(clean), await prefetch(faulty)];
  assert.equal(a.recall, a.hits / a.needed);
  assert.equal(b.recall, b.hits / b.predicted);
  assert.notEqual(a.recall, b.recall);
});

test('prefetch.requests-hot: predicted experts already hot are requested again, counted as hot hits', async () => {
  const [clean, faulty] = await withPrefetch(await bench.pair('prefetch.requests-hot'), 32, 4);
  for (const app of [clean, faulty]) for (let i = 0; i < 2; i++) await dispatched(app, [hello]);
  assert.ok((await tierView(faulty)).counters.hits.hot > (await tierView(clean)).counters.hits.hot);
});
