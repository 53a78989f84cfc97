import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { RouteResult, TokenRoute } from './routing/route-types.ts';
import { buildTestModel } from './test-support/fixture-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { ADMIN, assertError, call } from './test-support/inject.ts';

// Routing, PRNG, digest and float faults (SPEC-003, SPEC-004 ids, SPEC-010).
const weight = (layer: number, level: string, row: number, column: number): number =>
  (((layer * 7 + row * 5 + column * 3 + level.length) % 16) - 8) / 8;
// `flat`: every score ties, so order comes from tie keys alone. `varied`: distinct scores and non-trivial gates.
const flat = buildTestModel({ name: 'flat', dModel: 4, layers: 1, tiers: 4, groupsPerTier: 2, expertsPerGroup: 4, topK: [4, 1, 2], weight: () => 0.5 });
const varied = buildTestModel({ name: 'varied', dModel: 4, layers: 2, tiers: 3, groupsPerTier: 3, expertsPerGroup: 4, topK: [2, 2, 2], weight });
const ROW = [1, -0.5, 0.25, 0.75];
const [G, E] = [3, 4];

let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const routeOf = async (app: FastifyInstance, model: string, hidden: number[][], layer = 0) =>
  (await call(app, 'POST', '/v1/route', { body: { model, layer, hidden } })).json<RouteResult>();
const firstToken = async (app: FastifyInstance, model = 'varied', row = ROW): Promise<TokenRoute> => (await routeOf(app, model, [row])).tokens[0]!;
const dot = (level: string, row: number, x: number[], terms = x.length) =>
  x.slice(0, terms).reduce((sum, value, j) => sum + weight(0, level, row, j) * value, 0);
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest();

const U64 = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;
function mix(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & U64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & U64;
  return z ^ (z >> 31n);
}
/** Candidate indices 0..count-1 in tie-key order for a stream label, written out from SPEC-010 §4.2/§4.3. */
function tieOrder(label: string, count: number, gamma = GAMMA, littleEndian = false): number[] {
  const digest = sha256(label);
  const key = littleEndian ? digest.readBigUInt64LE(0) : digest.readBigUInt64BE(0);
  const keys = Array.from({ length: count }, (_, i) => mix((key + BigInt(i + 1) * gamma) & U64));
  return keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
}
const FLAT_TIER_LABEL = 'litellm/v1/tiebreak/1234/0/tier/-';
const tierOrder = async (app: FastifyInstance) => (await firstToken(app, 'flat')).tiers.map((t) => t.tier);

test('routing.tiebreak: tied candidates fall back to index order', async () => {
  const [clean, faulty] = await bench.pair('routing.tiebreak', { models: [flat] });
  assert.deepEqual(await tierOrder(faulty), [0, 1, 2, 3]);
  assert.deepEqual(await tierOrder(clean), tieOrder(FLAT_TIER_LABEL, 4));
});

test('prng.wrong-gamma: tie keys come from a stream with increment 0x9E3779B97F4A7C13', async () => {
  const [clean, faulty] = await bench.pair('prng.wrong-gamma', { models: [flat] });
  assert.deepEqual(await tierOrder(faulty), tieOrder(FLAT_TIER_LABEL, 4, 0x9e3779b97f4a7c13n));
  assert.notDeepEqual(await tierOrder(faulty), await tierOrder(clean));
});

test('prng.key-little-endian: tie stream keys read the SHA-256 bytes little-endian', async () => {
  const [clean, faulty] = await bench.pair('prng.key-little-endian', { models: [flat] });
  assert.deepEqual(await tierOrder(faulty), tieOrder(FLAT_TIER_LABEL, 4, GAMMA, true));
  assert.notDeepEqual(await tierOrder(faulty), await tierOrder(clean));
});

test('routing.load-count-salt: tie order changes after reset and reload', async () => {
  const [clean, faulty] = await bench.pair('routing.load-count-salt', { models: [flat] });
  assert.deepEqual(await tierOrder(faulty), tieOrder(`${FLAT_TIER_LABEL}/1`, 4));
  const url = bench.fixtures.serveModel('salt/flat', flat);
  for (const [app, repeats] of [[clean, true], [faulty, false]] as const) {
    const before = (await routeOf(app, 'flat', [ROW])).digest;
    await call(app, 'POST', '/v1/conformance/reset');
    assert.equal((await call(app, 'POST', '/v1/models', { body: { manifestUrl: url } })).statusCode, 201);
    assert.equal((await routeOf(app, 'flat', [ROW])).digest === before, repeats);
  }
});

test('routing.gate-product: expert gate is the expert softmax alone', async () => {
  const [clean, faulty] = await bench.pair('routing.gate-product', { models: [flat] });
  assert.equal((await firstToken(clean, 'flat')).experts[0]!.gate, 0.25 * 1 * 0.5);
  assert.equal((await firstToken(faulty, 'flat')).experts[0]!.gate, 0.5);
});

test('routing.order: experts come out by ascending id', async () => {
  const [clean, faulty] = await bench.pair('routing.order', { models: [flat] });
  const ids = (token: TokenRoute) => token.experts.map((e) => e.id);
  const faultyIds = ids(await firstToken(faulty, 'flat'));
  assert.deepEqual(faultyIds, [...faultyIds].sort((a, b) => a - b));
  assert.notDeepEqual(ids(await firstToken(clean, 'flat')), faultyIds);
});

test('routing.seed-override-ignored: the descriptor seed is used despite an override', async () => {
  const [clean, faulty] = await bench.pair('routing.seed-override-ignored', { models: [flat] });
  for (const app of [clean, faulty]) await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '77' } });
  assert.equal((await routeOf(clean, 'flat', [ROW])).seed, '77');
  assert.equal((await routeOf(faulty, 'flat', [ROW])).seed, '1234');
});

test('routing.batch-variant: a row routed in a batch differs from the same row alone', async () => {
  const [clean, faulty] = await bench.pair('routing.batch-variant', { models: [varied] });
  for (const [app, invariant] of [[clean, true], [faulty, false]] as const) {
    const alone = (await firstToken(app)).digest;
    const batched = (await routeOf(app, 'varied', [ROW, [0, 1, 0, 1]])).tokens[0]!.digest;
    assert.equal(alone === batched, invariant);
  }
});

test('numeric.gate-float32: gates are binary32 values even for one token', async () => {
  const [clean, faulty] = await bench.pair('numeric.gate-float32', { models: [varied] });
  const gates = (token: TokenRoute) => [...token.tiers, ...token.groups, ...token.experts].map((entry) => entry.gate);
  assert.ok(gates(await firstToken(faulty)).every((gate) => Math.fround(gate) === gate));
  assert.ok(gates(await firstToken(clean)).some((gate) => Math.fround(gate) !== gate));
});

test('digest.order: the token digest hashes the gate before the id', async () => {
  const [clean, faulty] = await bench.pair('digest.order', { models: [varied] });
  const token = await firstToken(faulty);
  const bytes = Buffer.alloc(token.experts.length * 12);
  token.experts.forEach((e, i) => {
    bytes.writeDoubleLE(e.gate, i * 12);
    bytes.writeUInt32LE(e.id, i * 12 + 8);
  });
  assert.equal(token.digest, sha256(bytes).toString('hex'));
  assert.notEqual((await firstToken(clean)).digest, token.digest);
});

test('digest.hex-concat: the route digest hashes the token digests as hex text', async () => {
  const [clean, faulty] = await bench.pair('digest.hex-concat', { models: [varied] });
  const hidden = [ROW, [0, 1, 0, 1]];
  const raw = (r: RouteResult) => sha256(Buffer.concat(r.tokens.map((t) => Buffer.from(t.digest, 'hex')))).toString('hex');
  const text = (r: RouteResult) => sha256(r.tokens.map((t) => t.digest).join('')).toString('hex');
  const [good, bad] = [await routeOf(clean, 'varied', hidden), await routeOf(faulty, 'varied', hidden)];
  assert.deepEqual(bad.tokens, good.tokens);
  assert.deepEqual([good.digest, bad.digest], [raw(good), text(bad)]);
});

test('json.gate-precision: gates carry 9 significant digits, digests the full values', async () => {
  const [clean, faulty] = await bench.pair('json.gate-precision', { models: [varied] });
  const [good, bad] = [await firstToken(clean), await firstToken(faulty)];
  const recomputed = (token: TokenRoute) => {
    const bytes = Buffer.alloc(token.experts.length * 12);
    token.experts.forEach((e, i) => bytes.writeUInt32LE(e.id, i * 12) && bytes.writeDoubleLE(e.gate, i * 12 + 4));
    return sha256(bytes).toString('hex');
  };
  assert.equal(recomputed(good), good.digest);
  assert.equal(bad.digest, good.digest);
  assert.notEqual(recomputed(bad), bad.digest);
  assert.ok(bad.experts.every((e, i) => e.gate === Number(good.experts[i]!.gate.toPrecision(9))));
});

test('routing.score-skip-last-element: scores leave out the last hidden element', async () => {
  const [clean, faulty] = await bench.pair('routing.score-skip-last-element', { models: [varied] });
  for (const t of (await firstToken(clean)).tiers) assert.equal(t.score, dot('tier', t.tier, ROW));
  for (const t of (await firstToken(faulty)).tiers) assert.equal(t.score, dot('tier', t.tier, ROW, 3));
  assert.notDeepEqual((await firstToken(faulty)).tiers, (await firstToken(clean)).tiers);
});

test('routing.unordered-sum: repeated non-dyadic requests give different digests', async () => {
  const [clean, faulty] = await bench.pair('routing.unordered-sum', { models: [varied] });
  const row = [1 / 3, 1 / 7, 1 / 11, 1 / 13];
  for (const [app, repeats] of [[clean, true], [faulty, false]] as const) {
    const digests = new Set<string>();
    for (let i = 0; i < 4; i++) digests.add((await routeOf(app, 'varied', [row])).digest);
    assert.equal(digests.size === 1, repeats);
  }
  assert.equal((await routeOf(faulty, 'varied', [ROW])).digest, (await routeOf(faulty, 'varied', [ROW])).digest, 'dyadic rows still repeat');
});

test('routing.topk-off-by-one: one expert more per group', async () => {
  const [clean, faulty] = await bench.pair('routing.topk-off-by-one', { models: [varied] });
  const counts = (token: TokenRoute) => [token.tiers.length, token.groups.length, token.experts.length];
  assert.deepEqual(counts(await firstToken(clean)), [2, 4, 8]);
  assert.deepEqual(counts(await firstToken(faulty)), [2, 4, 12]);
});

test('routing.flat-experts: experts are a flat top-8 over the selected tiers', async () => {
  const [clean, faulty] = await bench.pair('routing.flat-experts', { models: [varied] });
  const [good, bad] = [await firstToken(clean), await firstToken(faulty)];
  assert.deepEqual(bad.tiers, good.tiers);
  assert.deepEqual(bad.groups, good.groups);
  const pool = good.tiers.flatMap(({ tier }) =>
    Array.from({ length: G * E }, (_, i) => ({ tier, group: Math.floor(i / E), expert: i % E, score: dot('expert', tier * G * E + i, ROW) })));
  const expected = pool.map((c, i) => ({ ...c, i })).sort((a, b) => b.score - a.score || a.i - b.i).slice(0, 8);
  assert.deepEqual(bad.experts.map(({ tier, group, expert, score }) => ({ tier, group, expert, score })), expected.map(({ i: _i, ...c }) => c));
  const inSelectedGroup = (e: { tier: number; group: number }) => good.groups.some((g) => g.tier === e.tier && g.group === e.group);
  assert.ok(good.experts.every(inSelectedGroup));
  assert.ok(!bad.experts.every(inSelectedGroup));
});

test('routing.softmax-all-candidates: tier and group gates are normalised over every candidate', async () => {
  const [clean, faulty] = await bench.pair('routing.softmax-all-candidates', { models: [varied] });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const tierScores = [0, 1, 2].map((t) => dot('tier', t, ROW));
  const max = Math.max(...tierScores);
  const total = sum(tierScores.map((s) => Math.exp(s - max)));
  for (const t of (await firstToken(faulty)).tiers) assert.equal(t.gate, Math.exp(t.score - max) / total);
  assert.ok(sum((await firstToken(faulty)).tiers.map((t) => t.gate)) < 0.999);
  assert.ok(Math.abs(sum((await firstToken(clean)).tiers.map((t) => t.gate)) - 1) < 1e-12);
  assert.ok(sum((await firstToken(faulty)).groups.map((g) => g.gate)) < 1.999);
});

test('routing.local-ids: group and expert ids are local indices', async () => {
  const [clean, faulty] = await bench.pair('routing.local-ids', { models: [varied] });
  const [good, bad] = [await firstToken(clean), await firstToken(faulty)];
  assert.ok(good.experts.every((e) => e.id === (e.tier * G + e.group) * E + e.expert));
  assert.ok(good.groups.some((g) => g.id !== g.group));
  assert.ok(bad.groups.every((g) => g.id === g.group));
  assert.ok(bad.experts.every((e) => e.id === e.expert));
});

test('routing.duplicate-selection: the last expert of each group repeats its first', async () => {
  const [clean, faulty] = await bench.pair('routing.duplicate-selection', { models: [varied] });
  const pairs = (token: TokenRoute) => [0, 2, 4, 6].map((at) => [token.experts[at]!.id, token.experts[at + 1]!.id]);
  assert.ok(pairs(await firstToken(clean)).every(([a, b]) => a !== b));
  assert.ok(pairs(await firstToken(faulty)).every(([a, b]) => a === b));
});

test('routing.layer-echo-zero: the result reports layer 0 for layer 1', async () => {
  const [clean, faulty] = await bench.pair('routing.layer-echo-zero', { models: [varied] });
  const [good, bad] = [await routeOf(clean, 'varied', [ROW], 1), await routeOf(faulty, 'varied', [ROW], 1)];
  assert.deepEqual([good.layer, bad.layer], [1, 0]);
  assert.equal(bad.digest, good.digest, 'layer 1 was routed');
});

test('routing.unknown-model-500: an unknown model is an internal error', async () => {
  const [clean, faulty] = await bench.pair('routing.unknown-model-500', { models: [varied] });
  const body = { model: 'absent', layer: 0, hidden: [ROW] };
  assertError(await call(clean, 'POST', '/v1/route', { body }), 404, 'E_MODEL_NOT_FOUND');
  assertError(await call(faulty, 'POST', '/v1/route', { body }), 500, 'E_INTERNAL');
  assertError(await call(faulty, 'GET', '/v1/models/absent'), 404, 'E_MODEL_NOT_FOUND');
});

test('routing.no-layer-check: out-of-range layers route modulo the layer count', async () => {
  const [clean, faulty] = await bench.pair('routing.no-layer-check', { models: [varied] });
  for (const [layer, effective] of [[2, 0], [-1, 1]] as const) {
    assertError(await call(clean, 'POST', '/v1/route', { body: { model: 'varied', layer, hidden: [ROW] } }), 422, 'E_ROUTING_LAYER');
    const routed = await routeOf(faulty, 'varied', [ROW], layer);
    assert.deepEqual([routed.layer, routed.digest], [effective, (await routeOf(clean, 'varied', [ROW], effective)).digest]);
  }
});

test('routing.no-shape-check: rows are padded or cut, any number of rows routes', async () => {
  const [clean, faulty] = await bench.pair('routing.no-shape-check', { models: [varied], server: { limits: { maxTokensPerRequest: 2 } } });
  const digest = async (app: FastifyInstance, hidden: number[][]) => (await routeOf(app, 'varied', hidden)).digest;
  for (const hidden of [[ROW.slice(0, 3)], [[...ROW, 1]], [ROW, ROW, ROW], []]) {
    assertError(await call(clean, 'POST', '/v1/route', { body: { model: 'varied', layer: 0, hidden } }), 422, 'E_ROUTING_SHAPE');
  }
  assert.equal(await digest(faulty, [ROW.slice(0, 3)]), await digest(clean, [[...ROW.slice(0, 3), 0]]));
  assert.equal(await digest(faulty, [[...ROW, 1]]), await digest(clean, [ROW]));
  assert.equal((await routeOf(faulty, 'varied', [ROW, ROW, ROW])).tokens.length, 3);
  assert.deepEqual((await routeOf(faulty, 'varied', [])).tokens, []);
});

test('routing.accept-non-finite: an overflowing element routes as 0', async () => {
  const [clean, faulty] = await bench.pair('routing.accept-non-finite', { models: [varied] });
  const rawBody = '{"model":"varied","layer":0,"hidden":[[1,-0.5,1e400,0.75]]}';
  assertError(await call(clean, 'POST', '/v1/route', { rawBody }), 422, 'E_ROUTING_NOT_FINITE');
  const routed = (await call(faulty, 'POST', '/v1/route', { rawBody, token: ADMIN })).json<RouteResult>();
  assert.equal(routed.digest, (await routeOf(clean, 'varied', [[1, -0.5, 0, 0.75]])).digest);
});
