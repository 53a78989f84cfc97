import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from './app.ts';
import { buildTestModel, encodeSafetensors, manifestText, sha256Hex, type TestModel } from '../test-support/fixture-models.ts';
import { FixtureServer } from '../test-support/fixture-server.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';

const SHAPE = { dModel: 4, layers: 2, tiers: 2, groupsPerTier: 2, expertsPerGroup: 4, topK: [1, 1, 2] as [number, number, number] };
const tiny = (name: string, seed = '1234'): TestModel => buildTestModel({ name, seed, ...SHAPE });

let fixtures: FixtureServer;
before(async () => {
  fixtures = await FixtureServer.start();
});
after(async () => {
  await fixtures.close();
});

function server(options: Partial<ServerOptions> = {}): FastifyInstance {
  return buildServer({ adminToken: ADMIN, mode: 'conformance', fetchTimeoutMs: 5_000, ...options });
}

const load = (app: FastifyInstance, manifestUrl: string) => call(app, 'POST', '/v1/models', { body: { manifestUrl } });
const listIds = async (app: FastifyInstance) => (await call(app, 'GET', '/v1/models')).json<{ models: { id: string }[] }>().models.map((m) => m.id);

test('a model loads once, repeats with 200, conflicts with 409, lists sorted, deletes with 204', async () => {
  const app = server();
  const url = fixtures.serveModel('ok/m-b', tiny('m-b'));
  const first = await load(app, url);
  assert.equal(first.statusCode, 201, first.body);
  assertSchema('model', first.json());
  const model = first.json<{ id: string; status: string; manifestDigest: string; parameters: number }>();
  assert.deepEqual([model.id, model.status, model.parameters], ['m-b', 'ready', 2 * (2 + 4 + 16) * 4]);
  assert.equal(model.manifestDigest, sha256Hex(manifestText(tiny('m-b'))));
  const again = await load(app, url);
  assert.deepEqual([again.statusCode, again.json()], [200, first.json()]);
  assertError(await load(app, fixtures.serveModel('alt/m-b', tiny('m-b', '4321'))), 409, 'E_MODEL_CONFLICT');
  assert.deepEqual((await call(app, 'GET', '/v1/models/m-b')).json(), first.json(), 'the loaded model is kept');
  assert.equal((await load(app, fixtures.serveModel('ok/m-a', tiny('m-a')))).statusCode, 201);
  const list: unknown = (await call(app, 'GET', '/v1/models')).json();
  assertSchema('model-list', list);
  assert.deepEqual(await listIds(app), ['m-a', 'm-b']);
  assert.deepEqual((await call(app, 'GET', '/v1/state')).json(), { state: 'ready', models: 2, since: 0 });
  const removed = await call(app, 'DELETE', '/v1/models/m-b');
  assert.deepEqual([removed.statusCode, removed.body], [204, '']);
  assertError(await call(app, 'DELETE', '/v1/models/m-b'), 404, 'E_MODEL_NOT_FOUND');
  assert.deepEqual(await listIds(app), ['m-a']);
});

test('concurrent loads of one model create it once', async () => {
  const app = server();
  const url = fixtures.serveModel('ok/m-c', tiny('m-c'));
  const statuses = (await Promise.all([load(app, url), load(app, url), load(app, url)])).map((r) => r.statusCode).sort();
  assert.deepEqual(statuses, [200, 200, 201]);
});

test('every load failure has its code and leaves the model list unchanged', async () => {
  const app = server({ limits: { maxManifestBytes: 4096, maxDModel: 8 } });
  assert.equal((await load(app, fixtures.serveModel('ok/keep', tiny('keep')))).statusCode, 201);
  const model = tiny('bad');
  const last = model.shards[1]!.bytes;
  const flipped = Uint8Array.from(last);
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0x01;
  const truncated = last.subarray(0, last.length - 4);
  const badHeader = Uint8Array.from(last);
  badHeader[8] = 0x5b; // '[' where '{' was: the hash below still matches the served bytes
  const wrongShape = encodeSafetensors([
    { name: 'layers.1.router.expert.weight', shape: [4, 16], values: new Float32Array(64) },
    { name: 'layers.1.router.group.weight', shape: [4, 4], values: new Float32Array(16) },
    { name: 'layers.1.router.tier.weight', shape: [2, 4], values: new Float32Array(8) },
  ]);
  const missingTensor = encodeSafetensors([{ name: 'layers.1.router.tier.weight', shape: [2, 4], values: new Float32Array(8) }]);
  const matching = (bytes: Uint8Array) => ({ size: bytes.length, sha256: sha256Hex(bytes) });
  const withDescriptor = (change: Record<string, unknown>) =>
    manifestText({ ...model, descriptor: { ...model.descriptor, ...change } });

  const cases: [string, string, number, string][] = [
    ['corrupt', fixtures.serveModel('bad/corrupt', model, { shardBytes: new Map([[1, flipped]]) }), 422, 'E_MODEL_INTEGRITY'],
    ['short-size', fixtures.serveModel('bad/size', model, { manifest: manifestText(model, [{}, { size: last.length + 1 }]) }), 422, 'E_MODEL_INTEGRITY'],
    ['long-body', fixtures.serveModel('bad/long', model, { manifest: manifestText(model, [{}, { size: last.length - 8 }]) }), 422, 'E_MODEL_INTEGRITY'],
    ['truncated', fixtures.serveModel('bad/trunc', model, { shardBytes: new Map([[1, truncated]]), manifest: manifestText(model, [{}, matching(truncated)]) }), 422, 'E_MODEL_FORMAT'],
    ['badheader', fixtures.serveModel('bad/header', model, { shardBytes: new Map([[1, badHeader]]), manifest: manifestText(model, [{}, matching(badHeader)]) }), 422, 'E_MODEL_FORMAT'],
    ['badshape', fixtures.serveModel('bad/shape', model, { shardBytes: new Map([[1, wrongShape]]), manifest: manifestText(model, [{}, matching(wrongShape)]) }), 422, 'E_MODEL_FORMAT'],
    ['missing', fixtures.serveModel('bad/missing', model, { shardBytes: new Map([[1, missingTensor]]), manifest: manifestText(model, [{}, matching(missingTensor)]) }), 422, 'E_MODEL_FORMAT'],
    ['badtopk', fixtures.serveModel('bad/topk', model, { manifest: withDescriptor({ topK: { tier: 1, group: 1, expert: 5 } }) }), 422, 'E_MODEL_MANIFEST_INVALID'],
    ['badtie', fixtures.serveModel('bad/tie', model, { manifest: withDescriptor({ ties: [{ layer: 0, level: 'expert', copy: { from: 0, to: 16 } }] }) }), 422, 'E_MODEL_MANIFEST_INVALID'],
    ['badjson', fixtures.serveModel('bad/json', model, { manifest: '{"formatVersion": 1,' }), 422, 'E_MODEL_MANIFEST_INVALID'],
    ['dupkey', fixtures.serveModel('bad/dup', model, { manifest: manifestText(model).replace('{', '{"formatVersion":1,') }), 422, 'E_MODEL_MANIFEST_INVALID'],
    ['uncovered', fixtures.serveModel('bad/cover', model, { manifest: manifestText(model, [{}, { tensors: ['layers.1.router.tier.weight'] }]) }), 422, 'E_MODEL_MANIFEST_INVALID'],
    ['oversize', fixtures.serveModel('bad/oversize', model, { manifest: manifestText(model).padEnd(4097, ' ') }), 422, 'E_MODEL_LIMIT'],
    ['wide', fixtures.serveModel('bad/wide', model, { manifest: withDescriptor({ dModel: 16 }) }), 422, 'E_MODEL_LIMIT'],
    ['absent', `${fixtures.baseUrl}/bad/absent/manifest.json`, 502, 'E_MODEL_FETCH_FAILED'],
    ['refused', 'http://127.0.0.1:1/manifest.json', 502, 'E_MODEL_FETCH_FAILED'],
  ];
  fixtures.serveModel('bad/noshard', model);
  fixtures.remove('/bad/noshard/layer-1.safetensors');
  cases.push(['noshard', `${fixtures.baseUrl}/bad/noshard/manifest.json`, 502, 'E_MODEL_FETCH_FAILED']);

  for (const [name, url, status, code] of cases) {
    const response = await load(app, url);
    assertError(response, status, code);
    assert.equal(response.json<{ error: { retryable: boolean } }>().error.retryable, code === 'E_MODEL_FETCH_FAILED', name);
    assert.deepEqual(await listIds(app), ['keep'], `${name} left no trace`);
  }
});

test('maxModels is enforced with 507', async () => {
  const app = server({ limits: { maxModels: 2 } });
  assert.equal((await load(app, fixtures.serveModel('cap/c0', tiny('cap-0')))).statusCode, 201);
  assert.equal((await load(app, fixtures.serveModel('cap/c1', tiny('cap-1')))).statusCode, 201);
  assertError(await load(app, fixtures.serveModel('cap/c2', tiny('cap-2'))), 507, 'E_MODEL_CAPACITY');
  assert.equal((await load(app, fixtures.serveModel('cap/c0', tiny('cap-0')))).statusCode, 200, 'a repeat needs no slot');
  assert.deepEqual(await listIds(app), ['cap-0', 'cap-1']);
});
