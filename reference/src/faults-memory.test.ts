import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { buildModelFiles } from './model/builtin-models.ts';
import { encodeSafetensors } from './model/safetensors-writer.ts';
import { layerTensorNames, shardTensorSpecs } from './model/tensor-layout.ts';
import { generateTensors } from './model/weight-generator.ts';
import { buildTestModel, manifestText, type TestModelShape } from './test-support/fixture-models.ts';
import { descriptorWith, serveModelFiles } from './test-support/forward-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { loadDefault, serveV2 } from './test-support/core-fault-kit.ts';
import { assertError, call } from './test-support/inject.ts';

// Core-layer faults of model loading, memory accounting (SPEC-006) and concurrent loads (SPEC-008).
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

interface Memory { budgetBytes: number; usedBytes: number; models: { id: string; bytes: number }[] }
const memory = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/memory')).json<Memory>();
const load = (app: FastifyInstance, manifestUrl: string) => call(app, 'POST', '/v1/models', { body: { manifestUrl } });
const budget = (app: FastifyInstance, bytes: number) => call(app, 'PUT', '/v1/conformance/memory-budget', { body: { bytes } });
// parameters 1·(2 + 4 + 16)·4 = 88: 352 bytes.
const smallShape = (name: string): TestModelShape => ({ name, dModel: 4, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 4, topK: [1, 1, 2] });
const small = (name: string) => buildTestModel(smallShape(name));
const SMALL_BYTES = 352;

test('builtin.digest-pretty-json: the builtin digest is not over canonical JSON', async () => {
  const [clean, faulty] = await bench.pair('builtin.digest-pretty-json');
  const digest = async (app: FastifyInstance) => (await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })).json<{ manifestDigest: string }>().manifestDigest;
  assert.equal(await digest(clean), 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20');
  assert.notEqual(await digest(faulty), 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20');
});

test('builtin.seed-one: same descriptor, other weights', async () => {
  const [clean, faulty] = await bench.pair('builtin.seed-one');
  await loadDefault(clean, faulty);
  const body = { body: { model: 'default', sequences: [[1, 2, 3]] } };
  const [a, b] = [await call(clean, 'POST', '/v1/forward', body), await call(faulty, 'POST', '/v1/forward', body)];
  assert.notEqual(a.json<{ digest: string }>().digest, b.json<{ digest: string }>().digest);
  assert.deepEqual((await call(faulty, 'GET', '/v1/models/default')).json(), (await call(clean, 'GET', '/v1/models/default')).json());
});

test('store.route-after-delete: a deleted model still routes', async () => {
  const [clean, faulty] = await bench.pair('store.route-after-delete', { models: [small('gone')] });
  const route = { body: { model: 'gone', layer: 0, hidden: [[1, 0, 0, 0]] } };
  for (const [app, status] of [[clean, 404], [faulty, 200]] as const) {
    assert.equal((await call(app, 'DELETE', '/v1/models/gone')).statusCode, 204);
    assert.equal((await call(app, 'GET', '/v1/models/gone')).statusCode, 404);
    assert.equal((await call(app, 'POST', '/v1/route', route)).statusCode, status);
  }
});

test('model.parameters-router-only: v2 parameters and bytes count the routers only', async () => {
  const [clean, faulty] = await bench.pair('model.parameters-router-only', { models: [small('v1-model')] });
  await loadDefault(clean, faulty);
  const params = async (app: FastifyInstance, id: string) => (await call(app, 'GET', `/v1/models/${id}`)).json<{ parameters: number }>().parameters;
  assert.equal(await params(clean, 'default'), 235040);
  assert.equal(await params(faulty, 'default'), 2 * (2 + 4 + 16) * 32);
  assert.equal(await params(faulty, 'v1-model'), 88);
  assert.equal((await memory(faulty)).usedBytes, 4 * (2 * 22 * 32 + 88));
});

test('model.no-heads-check: a model whose heads do not divide dModel loads', async () => {
  const [clean, faulty] = await bench.pair('model.no-heads-check');
  const url = serveV2(bench, 'heads/bad', { name: 'badheads', heads: 3 });
  assertError(await load(clean, url), 422, 'E_MODEL_MANIFEST_INVALID');
  assert.equal((await load(faulty, url)).statusCode, 201);
});

test('model.v2-shape-by-count: a v2 tensor of the right size but wrong shape loads', async () => {
  const [clean, faulty] = await bench.pair('model.v2-shape-by-count');
  // w2 written as [N, dFF, d] instead of [N, d, dFF]: same element count.
  const descriptor = descriptorWith({ name: 'badshape' });
  const files = buildModelFiles(descriptor);
  const specs = shardTensorSpecs(descriptor, 0);
  const values = generateTensors(descriptor, specs);
  const w2 = layerTensorNames(0).w2;
  const bytes = encodeSafetensors(specs.map((spec) => ({ name: spec.name, shape: spec.name === w2 ? [spec.shape[0]!, spec.shape[2]!, spec.shape[1]!] : spec.shape, values: values.get(spec.name)! })));
  const at = files.manifest.shards.findIndex((shard) => shard.path === 'layer-0.safetensors');
  files.shards[at] = bytes;
  files.manifest.shards[at] = { ...files.manifest.shards[at]!, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  const url = serveModelFiles(bench.fixtures, 'shape/bad', files, JSON.stringify(files.manifest));
  assertError(await load(clean, url), 422, 'E_MODEL_FORMAT');
  assert.equal((await load(faulty, url)).statusCode, 201);
});

test('model.v2-descriptor-shared-flipped: manifest-loaded v2 descriptors report sharedExpert negated', async () => {
  const [clean, faulty] = await bench.pair('model.v2-descriptor-shared-flipped');
  const url = serveV2(bench, 'flip/m', { name: 'flipped' });
  const shared = async (app: FastifyInstance) => (await load(app, url)).json<{ descriptor: { sharedExpert: boolean } }>().descriptor.sharedExpert;
  assert.equal(await shared(clean), true);
  assert.equal(await shared(faulty), false);
});

test('model.ignore-max-seq: maxSeq above limits.maxSeq loads', async () => {
  const [clean, faulty] = await bench.pair('model.ignore-max-seq', { server: { limits: { maxSeq: 32 } } });
  const url = serveV2(bench, 'maxseq/m', { name: 'long' });
  assertError(await load(clean, url), 422, 'E_MODEL_LIMIT');
  assert.equal((await load(faulty, url)).statusCode, 201);
});

test('compute.no-maxk-check: topK above maxK loads', async () => {
  const [clean, faulty] = await bench.pair('compute.no-maxk-check', { server: { limits: { maxK: { tier: 1, group: 1, expert: 64 } } } });
  const url = serveV2(bench, 'maxk/m', { name: 'overk' });
  assertError(await load(clean, url), 422, 'E_COMPUTE_BOUND');
  assert.equal((await load(faulty, url)).statusCode, 201);
});

test('compute.no-flops-check: a model over the FLOP bound loads', async () => {
  const [clean, faulty] = await bench.pair('compute.no-flops-check', { server: { limits: { maxActiveFlopsPerToken: 1000 } } });
  const url = serveV2(bench, 'flops/m', { name: 'heavy' });
  assertError(await load(clean, url), 422, 'E_COMPUTE_BOUND');
  assert.equal((await load(faulty, url)).statusCode, 201);
});

test('memory.models-unsorted: GET /v1/memory in load order', async () => {
  const [clean, faulty] = await bench.pair('memory.models-unsorted', { models: [small('zz'), small('aa')] });
  assert.deepEqual((await memory(clean)).models.map((m) => m.id), ['aa', 'zz']);
  assert.deepEqual((await memory(faulty)).models.map((m) => m.id), ['zz', 'aa']);
});

test('memory.budget-as-capacity: over budget is E_MODEL_CAPACITY', async () => {
  const [clean, faulty] = await bench.pair('memory.budget-as-capacity', { server: { limits: { memoryBudgetBytes: 100 } } });
  const url = bench.fixtures.serveModel('cap/s', small('s'));
  assertError(await load(clean, url), 507, 'E_MEMORY_BUDGET');
  assertError(await load(faulty, url), 507, 'E_MODEL_CAPACITY');
});

test('memory.check-then-commit-race: two concurrent loads overcommit', async () => {
  const [clean, faulty] = await bench.pair('memory.check-then-commit-race', { server: { limits: { memoryBudgetBytes: SMALL_BYTES } } });
  const urls = [bench.fixtures.serveModel('race/r1', small('r1')), bench.fixtures.serveModel('race/r2', small('r2'))];
  for (const [app, wins] of [[clean, 1], [faulty, 2]] as const) {
    const answers = await Promise.all(urls.map((url) => load(app, url)));
    assert.equal(answers.filter((a) => a.statusCode === 201).length, wins);
  }
});

test('memory.strict-less-than: an exact fit is refused', async () => {
  const [clean, faulty] = await bench.pair('memory.strict-less-than', { server: { limits: { memoryBudgetBytes: SMALL_BYTES } } });
  const url = bench.fixtures.serveModel('exact/s', small('s'));
  assert.equal((await load(clean, url)).statusCode, 201);
  assertError(await load(faulty, url), 507, 'E_MEMORY_BUDGET');
});

test('control.budget-below-used-accepted: a budget below use is taken', async () => {
  const [clean, faulty] = await bench.pair('control.budget-below-used-accepted', { models: [small('s')] });
  assertError(await budget(clean, SMALL_BYTES - 1), 507, 'E_MEMORY_BUDGET');
  assert.equal((await budget(faulty, SMALL_BYTES - 1)).statusCode, 200);
  assert.equal((await memory(faulty)).budgetBytes, SMALL_BYTES - 1);
});

test('memory.fetch-before-budget: shards are fetched before the refusal', async () => {
  const [clean, faulty] = await bench.pair('memory.fetch-before-budget', { server: { limits: { memoryBudgetBytes: 100 } } });
  const model = small('s');
  const url = bench.fixtures.serveModel('fetch/s', model, { manifest: manifestText(model) });
  bench.fixtures.set('/fetch/s/layer-0.safetensors', 'missing');
  assertError(await load(clean, url), 507, 'E_MEMORY_BUDGET');
  assert.notEqual((await load(faulty, url)).statusCode, 507);
});

test('memory.leak-on-failed-load: a failed load keeps its bytes', async () => {
  const [clean, faulty] = await bench.pair('memory.leak-on-failed-load');
  const model = small('broken');
  const url = bench.fixtures.serveModel('leak/broken', model);
  bench.fixtures.set('/leak/broken/layer-0.safetensors', 'not the shard');
  for (const [app, used] of [[clean, 0], [faulty, SMALL_BYTES]] as const) {
    assert.notEqual((await load(app, url)).statusCode, 201);
    assert.equal((await memory(app)).usedBytes, used);
  }
});

test('concurrency.double-load: concurrent loads of one manifest all answer 201', async () => {
  const [clean, faulty] = await bench.pair('concurrency.double-load');
  const url = bench.fixtures.serveModel('double/d', small('d'));
  for (const [app, created] of [[clean, 1], [faulty, 4]] as const) {
    const answers = await Promise.all([0, 1, 2, 3].map(() => load(app, url)));
    assert.equal(answers.filter((a) => a.statusCode === 201).length, created);
    assert.equal((await memory(app)).models.length, 1);
  }
});

test('concurrency.last-writer-wins: racing digests of one id both answer 201', async () => {
  const [clean, faulty] = await bench.pair('concurrency.last-writer-wins');
  const urls = [bench.fixtures.serveModel('lww/a', small('same')), bench.fixtures.serveModel('lww/b', buildTestModel({ ...smallShape('same'), seed: '5' }))];
  for (const [app, created, conflicts] of [[clean, 1, 1], [faulty, 2, 0]] as const) {
    const answers = await Promise.all(urls.map((url) => load(app, url)));
    assert.deepEqual([answers.filter((a) => a.statusCode === 201).length, answers.filter((a) => a.statusCode === 409).length], [created, conflicts]);
  }
});

test('concurrency.list-before-verify: a loading model is listed before its shards pass', async () => {
  const [clean, faulty] = await bench.pair('concurrency.list-before-verify');
  const url = bench.fixtures.serveModel('early/e', small('e'));
  for (const [app, listed] of [[clean, 0], [faulty, 1]] as const) {
    let done = false;
    const pending = load(app, url).finally(() => { done = true; });
    let seen = 0;
    while (!done) {
      seen = Math.max(seen, (await call(app, 'GET', '/v1/models')).json<{ models: unknown[] }>().models.length);
      await new Promise((resolve) => setTimeout(resolve, 1)); // let the fixture server answer the shard fetch
    }
    assert.equal((await pending).statusCode, 201);
    assert.equal(seen, listed);
    await call(app, 'DELETE', '/v1/models/e');
  }
});
