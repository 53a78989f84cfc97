import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.ts';
import { buildTestModel } from '../test-support/fixture-models.ts';
import { FixtureServer } from '../test-support/fixture-server.ts';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import type { RouteResult } from '../routing/route-types.ts';

// Every weight equal: all scores tie, so the order of tiers is decided by the tie keys of the routing seed alone.
const model = buildTestModel({
  name: 'flat', seed: '1234', dModel: 4, layers: 2, tiers: 4, groupsPerTier: 2, expertsPerGroup: 4, topK: [4, 1, 2],
  weight: () => 0.5,
});

let fixtures: FixtureServer;
let app: FastifyInstance;
before(async () => {
  fixtures = await FixtureServer.start();
  app = buildServer({ adminToken: ADMIN, mode: 'conformance', limits: { maxTokensPerRequest: 3 } });
  const loaded = await call(app, 'POST', '/v1/models', { body: { manifestUrl: fixtures.serveModel('flat', model) } });
  assert.equal(loaded.statusCode, 201);
});
after(async () => {
  await fixtures.close();
});

const route = (body: unknown) => call(app, 'POST', '/v1/route', { body });
const ROW = [1, -0.5, 0.25, 0];

test('a route result validates, echoes model and layer, and has k entries per level', async () => {
  const response = await route({ model: 'flat', layer: 1, hidden: [ROW, ROW] });
  assert.equal(response.statusCode, 200, response.body);
  const result = response.json<RouteResult>();
  assertSchema('route-result', result);
  assert.deepEqual([result.model, result.layer, result.seed, result.tokens.length], ['flat', 1, '1234', 2]);
  const token = result.tokens[0]!;
  assert.deepEqual([token.tiers.length, token.groups.length, token.experts.length], [4, 4, 8]);
  assert.equal(token.tiers[0]?.score, 0.5 * (1 - 0.5 + 0.25));
  assert.equal(token.tiers[0]?.gate, 0.25);
  assert.equal(result.tokens[1]?.digest, token.digest, 'identical rows route identically');
});

test('the seed override replaces the descriptor seed, changes tie order, and reset clears it', async () => {
  const order = async () => {
    const result = (await route({ model: 'flat', layer: 0, hidden: [ROW] })).json<RouteResult>();
    return { seed: result.seed, tiers: result.tokens[0]!.tiers.map((t) => t.tier).join('') };
  };
  const byDescriptor = await order();
  assert.equal(byDescriptor.seed, '1234');
  const seen = new Set([byDescriptor.tiers]);
  for (const seed of ['1', '2', '3', '4', '5']) {
    await call(app, 'PUT', '/v1/conformance/seed', { body: { seed } });
    const overridden = await order();
    assert.equal(overridden.seed, seed);
    seen.add(overridden.tiers);
  }
  assert.ok(seen.size > 1, 'some seed orders the tied tiers differently');
  await call(app, 'PUT', '/v1/conformance/seed', { body: { seed: '1234' } });
  assert.deepEqual(await order(), byDescriptor, 'override equal to the descriptor seed gives the same result');
});

test('validation order: model, layer, shape, finiteness', async () => {
  assertError(await route({ model: 'other', layer: 9, hidden: [] }), 404, 'E_MODEL_NOT_FOUND');
  for (const layer of [2, -1, 1e300]) assertError(await route({ model: 'flat', layer, hidden: [] }), 422, 'E_ROUTING_LAYER');
  assertError(await route({ model: 'flat', layer: 0, hidden: [] }), 422, 'E_ROUTING_SHAPE');
  assertError(await route({ model: 'flat', layer: 0, hidden: [ROW, ROW, ROW, ROW] }), 422, 'E_ROUTING_SHAPE');
  assertError(await route({ model: 'flat', layer: 0, hidden: [ROW, [1, 2, 3]] }), 422, 'E_ROUTING_SHAPE');
  const overflow = '{"model":"flat","layer":0,"hidden":[[1,2,3,1e400]]}';
  assertError(await call(app, 'POST', '/v1/route', { rawBody: overflow }), 422, 'E_ROUTING_NOT_FINITE');
  const overflowAndShort = '{"model":"flat","layer":0,"hidden":[[-1e999,2,3,4],[1]]}';
  assertError(await call(app, 'POST', '/v1/route', { rawBody: overflowAndShort }), 422, 'E_ROUTING_SHAPE');
  const overflowAndExtra = '{"model":"flat","layer":0,"hidden":[[1e400,2,3,4]],"extra":1}';
  assertError(await call(app, 'POST', '/v1/route', { rawBody: overflowAndExtra }), 400, 'E_PROTOCOL_BAD_REQUEST');
});
