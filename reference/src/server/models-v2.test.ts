import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { VirtualClock } from '../clock.ts';
import { runForward } from '../forward/forward-engine.ts';
import { buildModelFiles, type ModelFiles } from '../model/builtin-models.ts';
import type { Descriptor, DescriptorV2 } from '../model/manifest-types.ts';
import { encodeSafetensors } from '../model/safetensors-writer.ts';
import { GLOBALS_SHARD, layerShardPath, shardTensorSpecs } from '../model/tensor-layout.ts';
import { buildTestModel, sha256Hex } from '../test-support/fixture-models.ts';
import { FixtureServer } from '../test-support/fixture-server.ts';
import { forwardModel, serveModelFiles } from '../test-support/forward-models.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import { buildServer } from './app.ts';

let fixtures: FixtureServer;
before(async () => {
  fixtures = await FixtureServer.start();
});
after(async () => {
  await fixtures.close();
});

const server = (): FastifyInstance => buildServer({ adminToken: ADMIN, mode: 'conformance', fetchTimeoutMs: 5_000, clock: new VirtualClock() });
const load = (app: FastifyInstance, manifestUrl: string) => call(app, 'POST', '/v1/models', { body: { manifestUrl } });

// The shape SPEC-004 §4.7 gives cm-fwd-small.
const FWD_SMALL: DescriptorV2 = {
  family: 'litellm-conformance', formatVersion: 2, name: 'fwd-small', seed: '7002', dModel: 16, layers: 2,
  hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 4 }, topK: { tier: 1, group: 2, expert: 2 },
  vocab: 256, heads: 2, dFF: 32, sharedExpert: true, ropeBase: 10000, maxSeq: 64,
};

/** A manifest for a descriptor whose shards are never served: entries name the canonical tensors, sizes are nominal. */
function unservedManifest(descriptor: Descriptor): string {
  const layers = Array.from({ length: descriptor.layers }, (_, l) => ({ path: layerShardPath(l), layer: l }));
  const shards = (descriptor.formatVersion === 2 ? [{ path: GLOBALS_SHARD, layer: null }, ...layers] : layers).map(({ path, layer }) => ({
    path, size: 64, sha256: sha256Hex(path), tensors: shardTensorSpecs(descriptor, layer).map((spec) => spec.name).sort(),
  }));
  return JSON.stringify({ formatVersion: 1, family: 'litellm-conformance', descriptor, shards });
}

test('a formatVersion 2 model loads from its manifest and runs forward exactly as the same weights generated in memory', async () => {
  const app = server();
  const files = buildModelFiles(FWD_SMALL);
  const created = await load(app, serveModelFiles(fixtures, 'v2/fwd-small', files));
  assert.equal(created.statusCode, 201, created.body);
  assertSchema('model', created.json());
  const model = created.json<{ id: string; status: string; descriptor: unknown; parameters: number }>();
  // SPEC-004 §4.4 gives 63248 for this shape.
  assert.deepEqual([model.id, model.status, model.parameters], ['fwd-small', 'ready', 63248]);
  assert.deepEqual(model.descriptor, FWD_SMALL);
  const sequences = [[1, 2, 3, 4, 5], [200, 100]];
  const response = await call(app, 'POST', '/v1/forward', { body: { model: 'fwd-small', sequences, trace: true, logits: true } });
  assert.equal(response.statusCode, 200, response.body);
  const expected = await runForward(forwardModel(FWD_SMALL), sequences, { routingSeed: '7002', trace: true, logits: true }, {
    clock: new VirtualClock(), perLayerDelayMs: 0, deadlineAt: null,
  });
  assert.deepEqual(response.json(), { ...expected, model: 'fwd-small' });
  // The router of a v2 model answers /v1/route as any model's (scores exact for dyadic inputs).
  const routed = await call(app, 'POST', '/v1/route', { body: { model: 'fwd-small', layer: 1, hidden: [new Array(16).fill(0.5)] } });
  assert.equal(routed.statusCode, 200, routed.body);
  assertSchema('route-result', routed.json());
});

test('negative formatVersion 2 fixtures fail with their codes, before any shard is fetched where the descriptor decides', async () => {
  const app = server();
  const cases: [string, Descriptor, number, string][] = [
    ['badheads', { ...FWD_SMALL, name: 'badheads', heads: 3 }, 422, 'E_MODEL_MANIFEST_INVALID'],
    ['oddhead', { ...FWD_SMALL, name: 'oddhead', heads: 16 }, 422, 'E_MODEL_MANIFEST_INVALID'],
    ['longseq', { ...FWD_SMALL, name: 'longseq', maxSeq: 1025 }, 422, 'E_MODEL_LIMIT'],
    ['heavy', {
      ...FWD_SMALL, name: 'heavy', dModel: 4096, layers: 64, hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 4 },
      topK: { tier: 2, group: 2, expert: 4 }, vocab: 65536, heads: 1, dFF: 16384, maxSeq: 1024,
    }, 422, 'E_COMPUTE_BOUND'],
    ['overk', {
      family: 'litellm-conformance', formatVersion: 1, name: 'overk', seed: '9108', dModel: 8, layers: 2,
      hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 65 }, topK: { tier: 1, group: 1, expert: 65 },
    }, 422, 'E_COMPUTE_BOUND'],
  ];
  for (const [dir, descriptor, status, code] of cases) {
    fixtures.set(`/neg/${dir}/manifest.json`, unservedManifest(descriptor));
    const seen = fixtures.requests.length;
    assertError(await load(app, `${fixtures.baseUrl}/neg/${dir}/manifest.json`), status, code);
    assert.deepEqual(fixtures.requests.slice(seen), [`/neg/${dir}/manifest.json`], `${dir}: no shard fetched`);
  }
  assert.deepEqual((await call(app, 'GET', '/v1/models')).json(), { models: [] });
});

test('an expert tensor declared with the shape of another ([N, F, d] for w2) is E_MODEL_FORMAT', async () => {
  const app = server();
  const descriptor = { ...FWD_SMALL, name: 'badshape' };
  const files: ModelFiles = buildModelFiles(descriptor);
  const specs = shardTensorSpecs(descriptor, 1).map((spec) =>
    spec.name === 'layers.1.experts.w2.weight' ? { ...spec, shape: [16, 32, 16] } : spec);
  const original = files.shards[2]!;
  const header = Number(Buffer.from(original).readBigUInt64LE(0));
  const data = new Float32Array(original.slice(8 + header).buffer);
  // Re-encode the same values with one shape changed: same size, consistent container, wrong tensor shape.
  let offset = 0;
  const tensors = [...specs].sort((a, b) => (a.name < b.name ? -1 : 1)).map((spec) => {
    const length = spec.shape.reduce((p, n) => p * n, 1);
    const values = data.slice(offset, offset + length);
    offset += length;
    return { name: spec.name, shape: spec.shape, values };
  });
  const bad = encodeSafetensors(tensors);
  const shards = files.manifest.shards.map((shard, i) => (i === 2 ? { ...shard, size: bad.length, sha256: sha256Hex(bad) } : shard));
  const manifest = JSON.stringify({ ...files.manifest, shards });
  const url = serveModelFiles(fixtures, 'neg/badshape', { ...files, shards: files.shards.map((s, i) => (i === 2 ? bad : s)) }, manifest);
  assertError(await load(app, url), 422, 'E_MODEL_FORMAT');
  assert.deepEqual((await call(app, 'GET', '/v1/models')).json(), { models: [] });
});

test('a v1 model keeps loading and routing as before, and the forward pass refuses it', async () => {
  const app = server();
  const v1 = buildTestModel({ name: 'still-v1', dModel: 4, layers: 2, tiers: 2, groupsPerTier: 2, expertsPerGroup: 4, topK: [1, 1, 2] });
  const created = await load(app, fixtures.serveModel('v1/still-v1', v1));
  assert.deepEqual([created.statusCode, created.json<{ parameters: number }>().parameters], [201, 2 * (2 + 4 + 16) * 4]);
  assertError(await call(app, 'POST', '/v1/forward', { body: { model: 'still-v1', sequences: [[0]] } }), 422, 'E_FORWARD_UNSUPPORTED');
});
