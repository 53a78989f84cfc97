import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { RouteResult } from './routing/route-types.ts';
import { buildTestModel, encodeSafetensors, manifestText, sha256Hex, type TestModel, type TestModelShape } from './test-support/fixture-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { assertError, call } from './test-support/inject.ts';

// Model loading and Model message faults (SPEC-000 §4.5, SPEC-004, SPEC-010 §4.7).
const SHAPE: Omit<TestModelShape, 'name'> = { dModel: 4, layers: 2, tiers: 3, groupsPerTier: 3, expertsPerGroup: 4, topK: [2, 2, 2] };
const model = (name: string, seed = '1234'): TestModel => buildTestModel({ name, seed, ...SHAPE });
const varied = model('varied');

let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

interface ModelBody {
  id: string;
  status: string;
  manifestDigest: string;
  descriptor: Record<string, unknown>;
  parameters: number;
}

const load = (app: FastifyInstance, manifestUrl: string) => call(app, 'POST', '/v1/models', { body: { manifestUrl } });
const ids = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/models')).json<{ models: ModelBody[] }>().models.map((m) => m.id);
const matching = (bytes: Uint8Array) => ({ size: bytes.length, sha256: sha256Hex(bytes) });
/** Serves `base` with the bytes of its last shard replaced and the manifest describing the replacement. */
function serveWithLastShard(dir: string, base: TestModel, bytes: Uint8Array): string {
  const last = base.shards.length - 1;
  const entries = base.shards.map((_, i) => (i === last ? matching(bytes) : {}));
  return bench.fixtures.serveModel(dir, base, { shardBytes: new Map([[last, bytes]]), manifest: manifestText(base, entries) });
}

test('model.skip-hash: a shard with a wrong SHA-256 is accepted', async () => {
  const [clean, faulty] = await bench.pair('model.skip-hash');
  const shard = Uint8Array.from(varied.shards[1]!.bytes);
  shard[shard.length - 1] = (shard[shard.length - 1] ?? 0) ^ 0x40;
  const url = bench.fixtures.serveModel('skip/varied', varied, { shardBytes: new Map([[1, shard]]) });
  assert.equal((await load(clean, url)).statusCode, 422);
  assert.equal((await load(faulty, url)).statusCode, 201);
});

test('model.partial-on-failure: a failed second shard leaves a "failed" model listed', async () => {
  const [clean, faulty] = await bench.pair('model.partial-on-failure');
  const url = bench.fixtures.serveModel('partial/varied', varied);
  bench.fixtures.remove('/partial/varied/layer-1.safetensors');
  const lists = [];
  for (const app of [clean, faulty]) {
    assert.equal((await load(app, url)).statusCode, 502);
    lists.push((await call(app, 'GET', '/v1/models')).json<{ models: ModelBody[] }>().models.map((m) => m.status));
  }
  assert.deepEqual(lists, [[], ['failed']]);
});

test('model.absolute-shard-paths: shards are fetched from the server root', async () => {
  const [clean, faulty] = await bench.pair('model.absolute-shard-paths');
  const url = bench.fixtures.serveModel('nested/dir/varied', varied);
  assert.equal((await load(clean, url)).statusCode, 201);
  assertError(await load(faulty, url), 502, 'E_MODEL_FETCH_FAILED');
  assert.ok(bench.fixtures.requests.includes('/layer-0.safetensors'));
});

test('model.reload-replaces: another manifest for a loaded id replaces the model', async () => {
  const [clean, faulty] = await bench.pair('model.reload-replaces', { models: [varied] });
  const reseeded = bench.fixtures.serveModel('reseeded/varied', model('varied', '4321'));
  const digest = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/models/varied')).json<ModelBody>().descriptor['seed'];
  assertError(await load(clean, reseeded), 409, 'E_MODEL_CONFLICT');
  assert.equal(await digest(clean), '1234');
  assert.equal((await load(faulty, reseeded)).statusCode, 201);
  assert.equal(await digest(faulty), '4321');
  assert.equal((await load(faulty, reseeded)).statusCode, 200, 'the same manifest again is still a repeat');
});

test('model.list-unsorted: models are listed in load order', async () => {
  const [clean, faulty] = await bench.pair('model.list-unsorted', { models: [model('m-b'), model('m-a')] });
  assert.deepEqual(await ids(clean), ['m-a', 'm-b']);
  assert.deepEqual(await ids(faulty), ['m-b', 'm-a']);
});

test('model.skip-format-check: a short shard loads with zeros, a broken header is an internal error', async () => {
  const [clean, faulty] = await bench.pair('model.skip-format-check');
  const last = varied.shards[1]!.bytes;
  const truncated = serveWithLastShard('format/truncated', varied, last.subarray(0, last.length - 16));
  // As cm-badheader: the header's closing brace becomes a space.
  const broken = Uint8Array.from(last);
  const headerLength = Number(Buffer.from(last).readBigUInt64LE(0));
  broken[8 + Buffer.from(last.subarray(8, 8 + headerLength)).lastIndexOf('}')] = 0x20;
  const badHeader = serveWithLastShard('format/header', { ...varied, descriptor: { ...varied.descriptor, name: 'header' } }, broken);
  assertError(await load(clean, truncated), 422, 'E_MODEL_FORMAT');
  assertError(await load(clean, badHeader), 422, 'E_MODEL_FORMAT');
  assert.equal((await load(faulty, truncated)).statusCode, 201);
  assertError(await load(faulty, badHeader), 500, 'E_INTERNAL');
});

test('model.fetch-error-not-retryable: E_MODEL_FETCH_FAILED says retryable false', async () => {
  const [clean, faulty] = await bench.pair('model.fetch-error-not-retryable');
  const absent = `${bench.fixtures.baseUrl}/absent/manifest.json`;
  const retryable = async (app: FastifyInstance) => (await load(app, absent)).json<{ error: { retryable: boolean } }>().error.retryable;
  assert.equal(await retryable(clean), true);
  assert.equal(await retryable(faulty), false);
  assertError(await load(faulty, absent), 502, 'E_MODEL_FETCH_FAILED');
});

test('model.ignore-limits: manifests over maxManifestBytes and models over maxDModel load', async () => {
  const [clean, faulty] = await bench.pair('model.ignore-limits', { server: { limits: { maxManifestBytes: 4096, maxDModel: 2 } } });
  const wide = bench.fixtures.serveModel('limits/wide', varied);
  const small = buildTestModel({ name: 'small', dModel: 2, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 2, topK: [1, 1, 1] });
  const oversize = bench.fixtures.serveModel('limits/oversize', small, { manifest: manifestText(small).padEnd(4097, ' ') });
  for (const url of [wide, oversize]) {
    assertError(await load(clean, url), 422, 'E_MODEL_LIMIT');
    assert.equal((await load(faulty, url)).statusCode, 201);
  }
  const declared = (await call(faulty, 'GET', '/v1/info')).json<{ limits: { maxManifestBytes: number; maxDModel: number } }>().limits;
  assert.deepEqual([declared.maxManifestBytes, declared.maxDModel], [4096, 2]);
});

test('model.no-capacity-check: at maxModels the oldest model is evicted', async () => {
  const [clean, faulty] = await bench.pair('model.no-capacity-check', { models: [model('cap-0'), model('cap-1')], server: { limits: { maxModels: 2 } } });
  const third = bench.fixtures.serveModel('capacity/cap-2', model('cap-2'));
  assertError(await load(clean, third), 507, 'E_MODEL_CAPACITY');
  assert.deepEqual(await ids(clean), ['cap-0', 'cap-1']);
  assert.equal((await load(faulty, third)).statusCode, 201);
  assert.deepEqual(await ids(faulty), ['cap-1', 'cap-2']);
});

test('model.no-descriptor-check: a topK beyond its level loads; invalid JSON is still refused', async () => {
  const [clean, faulty] = await bench.pair('model.no-descriptor-check');
  const badK = bench.fixtures.serveModel('descriptor/badk', varied, { manifest: manifestText({ ...varied, descriptor: { ...varied.descriptor, topK: { tier: 2, group: 2, expert: 5 } } }) });
  const badJson = bench.fixtures.serveModel('descriptor/badjson', varied, { manifest: '{"formatVersion": 1,' });
  assertError(await load(clean, badK), 422, 'E_MODEL_MANIFEST_INVALID');
  assert.equal((await load(faulty, badK)).statusCode, 201);
  assertError(await load(faulty, badJson), 422, 'E_MODEL_MANIFEST_INVALID');
});

test('model.no-tensor-check: a tensor declared with a transposed shape loads', async () => {
  const [clean, faulty] = await bench.pair('model.no-tensor-check');
  const rows = 3 * 3 * 4;
  const values = Float32Array.from({ length: rows * 4 }, (_, i) => ((i % 16) - 8) / 8);
  const transposed = encodeSafetensors([
    { name: 'layers.1.router.expert.weight', shape: [4, rows], values },
    { name: 'layers.1.router.group.weight', shape: [9, 4], values: values.subarray(0, 36) },
    { name: 'layers.1.router.tier.weight', shape: [3, 4], values: values.subarray(0, 12) },
  ]);
  const url = serveWithLastShard('tensor/shape', varied, transposed);
  assertError(await load(clean, url), 422, 'E_MODEL_FORMAT');
  assert.equal((await load(faulty, url)).statusCode, 201);
});

test('model.parameters-experts-only: parameters count the expert rows alone', async () => {
  const [clean, faulty] = await bench.pair('model.parameters-experts-only', { models: [varied] });
  const parameters = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/models/varied')).json<ModelBody>().parameters;
  assert.equal(await parameters(clean), 2 * (3 + 9 + 36) * 4);
  assert.equal(await parameters(faulty), 2 * 36 * 4);
});

test('model.descriptor-drop-ties: the reported descriptor lacks ties', async () => {
  const ties = [{ layer: 0, level: 'group' as const, copy: { from: 1, to: 4 } }];
  const tied: TestModel = { ...varied, descriptor: { ...varied.descriptor, name: 'tied', ties } };
  const [clean, faulty] = await bench.pair('model.descriptor-drop-ties', { models: [tied] });
  const descriptor = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/models/tied')).json<ModelBody>().descriptor;
  assert.deepEqual(await descriptor(clean), tied.descriptor);
  const { ties: _ties, ...withoutTies } = tied.descriptor;
  assert.deepEqual(await descriptor(faulty), withoutTies);
});

test('model.group-rows-transposed: group g of tier t is scored with row g*T+t', async () => {
  // Group row r holds (r - 4)/8 in column 0, so with x = e0 a group's score names the row it was scored with.
  const byRow = buildTestModel({ name: 'by-row', ...SHAPE, weight: (_l, level, row, column) => (level === 'group' && column === 0 ? (row - 4) / 8 : ((row + column) % 5) / 8) });
  const [clean, faulty] = await bench.pair('model.group-rows-transposed', { models: [byRow] });
  const groups = async (app: FastifyInstance) =>
    (await call(app, 'POST', '/v1/route', { body: { model: 'by-row', layer: 0, hidden: [[1, 0, 0, 0]] } })).json<RouteResult>().tokens[0]!.groups;
  for (const g of await groups(clean)) assert.equal(g.score, (g.tier * 3 + g.group - 4) / 8);
  for (const g of await groups(faulty)) assert.equal(g.score, (g.group * 3 + g.tier - 4) / 8);
});

test('model.fetch-before-validate: shards of an invalid descriptor are fetched before it is refused', async () => {
  const [clean, faulty] = await bench.pair('model.fetch-before-validate');
  const badK = { ...varied, descriptor: { ...varied.descriptor, topK: { tier: 2, group: 2, expert: 5 } } };
  for (const [app, dir, fetched] of [[clean, 'early', false], [faulty, 'late', true]] as const) {
    const url = bench.fixtures.serveModel(`validate/${dir}`, badK, { manifest: manifestText(badK) });
    assertError(await load(app, url), 422, 'E_MODEL_MANIFEST_INVALID');
    assert.equal(bench.fixtures.requests.includes(`/validate/${dir}/layer-0.safetensors`), fetched);
  }
});

test('model.digest-reparsed: manifestDigest hashes the re-serialised manifest, not the bytes served', async () => {
  const [clean, faulty] = await bench.pair('model.digest-reparsed');
  const served = `${JSON.stringify(JSON.parse(manifestText(varied)), null, 2)}\n`;
  const url = bench.fixtures.serveModel('digest/varied', varied, { manifest: served });
  const digest = async (app: FastifyInstance) => (await load(app, url)).json<ModelBody>().manifestDigest;
  assert.equal(await digest(clean), sha256Hex(served));
  assert.equal(await digest(faulty), sha256Hex(JSON.stringify(JSON.parse(served))));
});
