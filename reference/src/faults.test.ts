import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { FAULT_NAMES, parseFaults, type FaultName } from './faults.ts';
import { buildServer } from './server/app.ts';
import { buildTestModel, type TestModel } from './test-support/fixture-models.ts';
import { FixtureServer } from './test-support/fixture-server.ts';
import { ADMIN, call } from './test-support/inject.ts';
import type { RouteResult } from './routing/route-types.ts';

// `flat`: every score ties, so order comes from tie keys alone. `varied`: distinct scores and non-trivial gates.
const flat = buildTestModel({ name: 'flat', dModel: 4, layers: 1, tiers: 4, groupsPerTier: 2, expertsPerGroup: 4, topK: [4, 1, 2], weight: () => 0.5 });
const varied = buildTestModel({ name: 'varied', dModel: 4, layers: 2, tiers: 3, groupsPerTier: 3, expertsPerGroup: 4, topK: [2, 2, 2] });
const ROW = [1, -0.5, 0.25, 0.75];
const covered = new Set<FaultName>();

let fixtures: FixtureServer;
before(async () => {
  fixtures = await FixtureServer.start();
});
after(async () => {
  await fixtures.close();
  assert.deepEqual([...covered].sort(), [...FAULT_NAMES].sort(), 'every fault switch has a test here');
});

async function pair(fault: FaultName, models: TestModel[] = [], mode: 'conformance' | 'production' = 'conformance'): Promise<[FastifyInstance, FastifyInstance]> {
  covered.add(fault);
  const apps: [FastifyInstance, FastifyInstance] = [
    buildServer({ adminToken: ADMIN, mode }),
    buildServer({ adminToken: ADMIN, mode, faults: parseFaults([fault]) }),
  ];
  for (const app of apps) {
    for (const model of models) {
      const response = await call(app, 'POST', '/v1/models', { body: { manifestUrl: fixtures.serveModel(`m/${model.descriptor.name}`, model) } });
      assert.equal(response.statusCode, 201, response.body);
    }
  }
  return apps;
}

const routeOf = async (app: FastifyInstance, model: string, hidden: number[][]) =>
  (await call(app, 'POST', '/v1/route', { body: { model, layer: 0, hidden } })).json<RouteResult>();

test('routing.tiebreak: tied candidates fall back to index order', async () => {
  const [clean, faulty] = await pair('routing.tiebreak', [flat]);
  const tiers = (r: RouteResult) => r.tokens[0]!.tiers.map((t) => t.tier);
  assert.deepEqual(tiers(await routeOf(faulty, 'flat', [ROW])), [0, 1, 2, 3]);
  assert.notDeepEqual(tiers(await routeOf(clean, 'flat', [ROW])), [0, 1, 2, 3]);
});

test('routing.gate-product: expert gate is the expert softmax alone', async () => {
  const [clean, faulty] = await pair('routing.gate-product', [flat]);
  assert.equal((await routeOf(clean, 'flat', [ROW])).tokens[0]!.experts[0]!.gate, 0.25 * 1 * 0.5);
  assert.equal((await routeOf(faulty, 'flat', [ROW])).tokens[0]!.experts[0]!.gate, 0.5);
});

test('routing.order: experts come out by ascending id', async () => {
  const [clean, faulty] = await pair('routing.order', [flat]);
  const ids = (r: RouteResult) => r.tokens[0]!.experts.map((e) => e.id);
  const faultyIds = ids(await routeOf(faulty, 'flat', [ROW]));
  assert.deepEqual(faultyIds, [...faultyIds].sort((a, b) => a - b));
  assert.notDeepEqual(ids(await routeOf(clean, 'flat', [ROW])), faultyIds);
});

test('routing.seed-override-ignored: the descriptor seed is used despite an override', async () => {
  const [clean, faulty] = await pair('routing.seed-override-ignored', [flat]);
  for (const app of [clean, faulty]) await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '77' } });
  assert.equal((await routeOf(clean, 'flat', [ROW])).seed, '77');
  assert.equal((await routeOf(faulty, 'flat', [ROW])).seed, '1234');
});

test('routing.batch-variant: a row routed in a batch differs from the same row alone', async () => {
  const [clean, faulty] = await pair('routing.batch-variant', [varied]);
  for (const [app, invariant] of [[clean, true], [faulty, false]] as const) {
    const alone = (await routeOf(app, 'varied', [ROW])).tokens[0]!.digest;
    const batched = (await routeOf(app, 'varied', [ROW, [0, 1, 0, 1]])).tokens[0]!.digest;
    assert.equal(alone === batched, invariant);
  }
});

test('digest.order: the token digest hashes the gate before the id', async () => {
  const [clean, faulty] = await pair('digest.order', [varied]);
  const token = (await routeOf(faulty, 'varied', [ROW])).tokens[0]!;
  const bytes = Buffer.alloc(token.experts.length * 12);
  token.experts.forEach((e, i) => {
    bytes.writeDoubleLE(e.gate, i * 12);
    bytes.writeUInt32LE(e.id, i * 12 + 8);
  });
  assert.equal(token.digest, createHash('sha256').update(bytes).digest('hex'));
  assert.notEqual((await routeOf(clean, 'varied', [ROW])).tokens[0]!.digest, token.digest);
});

test('model.skip-hash: a shard with a wrong SHA-256 is accepted', async () => {
  const [clean, faulty] = await pair('model.skip-hash');
  const shard = Uint8Array.from(varied.shards[1]!.bytes);
  shard[shard.length - 1] = (shard[shard.length - 1] ?? 0) ^ 0x40;
  const url = fixtures.serveModel('skip/varied', varied, { shardBytes: new Map([[1, shard]]) });
  assert.equal((await call(clean, 'POST', '/v1/models', { body: { manifestUrl: url } })).statusCode, 422);
  assert.equal((await call(faulty, 'POST', '/v1/models', { body: { manifestUrl: url } })).statusCode, 201);
});

test('model.partial-on-failure: a failed second shard leaves a "failed" model listed', async () => {
  const [clean, faulty] = await pair('model.partial-on-failure');
  const url = fixtures.serveModel('partial/varied', varied);
  fixtures.remove('/partial/varied/layer-1.safetensors');
  const lists = [];
  for (const app of [clean, faulty]) {
    assert.equal((await call(app, 'POST', '/v1/models', { body: { manifestUrl: url } })).statusCode, 502);
    lists.push((await call(app, 'GET', '/v1/models')).json<{ models: { status: string }[] }>().models.map((m) => m.status));
  }
  assert.deepEqual(lists, [[], ['failed']]);
});

test('auth.control-ungated: the control API answers without a credential', async () => {
  const [clean, faulty] = await pair('auth.control-ungated');
  assert.equal((await call(clean, 'GET', '/v1/conformance/seed', { token: null })).statusCode, 401);
  assert.equal((await call(faulty, 'GET', '/v1/conformance/seed', { token: null })).statusCode, 200);
});

test('protocol.production-control: the control API exists in production mode', async () => {
  const [clean, faulty] = await pair('protocol.production-control', [], 'production');
  assert.equal((await call(clean, 'GET', '/v1/conformance/seed')).statusCode, 404);
  assert.equal((await call(faulty, 'GET', '/v1/conformance/seed')).statusCode, 200);
});

test('error.no-code: error envelopes lose their code', async () => {
  const [clean, faulty] = await pair('error.no-code');
  assert.equal((await call(clean, 'GET', '/v1/none')).json<{ error: { code?: string } }>().error.code, 'E_PROTOCOL_NOT_FOUND');
  const envelope = (await call(faulty, 'GET', '/v1/none')).json<{ error: Record<string, unknown> }>();
  assert.equal('code' in envelope.error, false);
  assert.equal(envelope.error['domain'], 'protocol');
});

test('info.no-core: profiles omit core', async () => {
  const [clean, faulty] = await pair('info.no-core');
  assert.deepEqual((await call(clean, 'GET', '/v1/info')).json<{ profiles: string[] }>().profiles, ['core']);
  assert.deepEqual((await call(faulty, 'GET', '/v1/info')).json<{ profiles: string[] }>().profiles, []);
});
