// The model inventory (SPEC-000 §4.5, SPEC-004, SPEC-010 §4.7): what a loaded model reports on every route that
// shows it, capacity, and what the fixture server saw a load fetch.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { SKIP_REASON_MEDIA_TYPE } from '../../../reports/src/index.ts';
import { MAX_CAPACITY_COPY } from '../fixtures/index.ts';
import { sha256Hex } from '../oracle/index.ts';
import { assertFailsWith, assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { servedFixtureNamed } from '../support/forward-models.ts';
import {
  fetchModel,
  fetchModelList,
  fixtureNamed,
  fixtureRequestsSinceLoad,
  manifestUrlOf,
  type ModelObject,
} from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import { runtimeInfo } from '../support/run-context.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { rememberedModelKey } from './model-steps.ts';

function maxModels(): number {
  const limit = runtimeInfo().limits.maxModels;
  assert.ok(limit !== undefined && Number.isInteger(limit) && limit >= 1 && limit <= MAX_CAPACITY_COPY, `maxModels ${String(limit)} is outside the core bounds`);
  return limit;
}

/** The Model as the load response, GET /v1/models/{id} and the list entry report it: all three must agree. */
async function reportedEverywhere(world: ConformanceWorld, name: string): Promise<ModelObject[]> {
  const id = fixtureNamed(name).descriptor.name;
  const loaded = assertSucceeds(world, world.last, world.last.status === 200 ? 200 : 201, 'protocol/model', 'load response') as ModelObject;
  const listed = (await fetchModelList(world)).find((m) => m.id === id);
  assert.ok(listed !== undefined, `${id} is not listed by GET /v1/models`);
  return [loaded, await fetchModel(world, id), listed];
}

Then('the response is the same Model as when {string} was loaded', function (this: ConformanceWorld, name: string) {
  const model = assertSucceeds(this, this.last, 200, 'protocol/model', 'reload response');
  assert.deepEqual(model, this.recall<ModelObject>(rememberedModelKey(name)));
});

Then('the model {string} is not loaded', async function (this: ConformanceWorld, id: string) {
  const response = await this.api.request({ method: 'GET', path: `/v1/models/${encodeURIComponent(id)}`, token: this.token('admin') });
  assertFailsWith(this, 'E_MODEL_NOT_FOUND', response);
});

Then('the loaded model {string} is still the one of fixture {string}', async function (this: ConformanceWorld, id: string, name: string) {
  const model = await fetchModel(this, id);
  assert.equal(model.manifestDigest, fixtureNamed(name).manifestDigest, `${id} was replaced`);
  assert.deepEqual(model.descriptor, fixtureNamed(name).manifest.descriptor);
});

Given('the model {string} has been deleted', async function (this: ConformanceWorld, id: string) {
  const response = await this.api.request({ method: 'DELETE', path: `/v1/models/${encodeURIComponent(id)}`, token: this.token('admin') });
  assertSucceeds(this, response, 204, null, `DELETE /v1/models/${id}`);
});

Given('the runtime is filled to maxModels with capacity copies', async function (this: ConformanceWorld) {
  for (let n = 0; n < maxModels(); n += 1) {
    const name = `cm-cap-${n}`;
    const response = await this.api.request({ method: 'POST', path: '/v1/models', token: this.token('admin'), body: { manifestUrl: manifestUrlOf(this, name) } });
    assertSucceeds(this, response, 201, 'protocol/model', `loading ${name} (${n + 1} of maxModels ${maxModels()})`);
  }
});

When('{principal} loads one more capacity copy', async function (this: ConformanceWorld, who: Principal) {
  await sendRecorded(this, who, { method: 'POST', path: '/v1/models', body: { manifestUrl: manifestUrlOf(this, `cm-cap-${maxModels()}`) } });
});

Given('the runtime declares a maxDModel below 4096', function (this: ConformanceWorld) {
  const limit = runtimeInfo().limits.maxDModel;
  if (limit !== 4096) return undefined;
  // SPEC-000 §4.4: cm-limit-d would need dModel 4097, which no valid descriptor has.
  this.attach('cm-limit-d is served only when maxDModel < 4096; the runtime declares 4096', SKIP_REASON_MEDIA_TYPE);
  return 'skipped';
});

Then('the model {string} reports {int} router parameters', async function (this: ConformanceWorld, name: string, count: number) {
  for (const model of await reportedEverywhere(this, name)) assert.equal(model.parameters, count, `parameters of ${model.id}`);
});

Then('the model {string} reports the descriptor of its manifest', async function (this: ConformanceWorld, name: string) {
  const manifest = JSON.parse(new TextDecoder().decode(fixtureNamed(name).manifestBytes)) as { descriptor: unknown };
  for (const model of await reportedEverywhere(this, name)) assert.deepEqual(model.descriptor, manifest.descriptor);
});

Then(
  'the model {string} reports the SHA-256 of its served manifest bytes as manifestDigest',
  async function (this: ConformanceWorld, name: string) {
    const digest = sha256Hex(fixtureNamed(name).manifestBytes);
    for (const model of await reportedEverywhere(this, name)) assert.equal(model.manifestDigest, digest);
  },
);

Then('the fixture server received no shard request for {string}', function (this: ConformanceWorld, name: string) {
  const shards = fixtureRequestsSinceLoad(this).filter((p) => p.startsWith(`/models/${name}/`) && p.endsWith('.safetensors'));
  assert.deepEqual(shards, [], 'shards were fetched although the manifest is invalid');
});

Then('the fixture server served every shard of {string} from beside its manifest', function (this: ConformanceWorld, name: string) {
  const asked = new Set(fixtureRequestsSinceLoad(this));
  const missing = servedFixtureNamed(name).shards.map((s) => `/models/${name}/${s.path}`).filter((p) => !asked.has(p));
  assert.deepEqual(missing, [], 'shards not fetched relative to the manifest URL');
});
