// Models of protocol 1.1 (SPEC-001 §4.5, SPEC-004 §4.7): the built-in `default`, the formatVersion 2 members of
// the family, what their Model reports on every route that shows it, and how every component sees a model appear
// and disappear at once (REQ-001-007).
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { SKIP_REASON_MEDIA_TYPE } from '../../../reports/src/index.ts';
import { forwardFixture } from '../fixtures/index.ts';
import { inputMatrix, modelParameterCount } from '../oracle/index.ts';
import { BUILTIN_NAME, DEFAULT_MANIFEST_DIGEST, defaultDescriptor } from '../support/builtin/builtin-model.ts';
import { maxSeqLimit } from '../support/declared-limits.ts';
import { assertFailsWith, assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { descriptorNamed, modelIdOf, residentBytesOf } from '../support/forward-models.ts';
import { fetchModel, fetchModelList, manifestUrlOf, prepareLoad, type ModelObject } from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { rememberedModelKey } from './model-steps.ts';

/** The body that loads a model by name: the built-in one by name, any other from its manifest on the fixture server. */
function loadBody(world: ConformanceWorld, name: string): { builtin: string } | { manifestUrl: string } {
  if (name === BUILTIN_NAME) return { builtin: name };
  prepareLoad(world, name);
  return { manifestUrl: manifestUrlOf(world, name) };
}

async function loadAsAdmin(world: ConformanceWorld, name: string): Promise<void> {
  const response = await world.api.request({ method: 'POST', path: '/v1/models', token: world.token('admin'), body: loadBody(world, name) });
  const model = assertSucceeds(world, response, 201, 'protocol/model', `loading ${name}`) as ModelObject;
  assert.equal(model.status, 'ready', `model ${name} is ${model.status} after loading`);
  world.remembered.set(rememberedModelKey(name), model);
}

Given('the model {string} is loaded', async function (this: ConformanceWorld, name: string) {
  await loadAsAdmin(this, name);
});

Given('the built-in model {string} is loaded', async function (this: ConformanceWorld, name: string) {
  await loadAsAdmin(this, name);
});

Given('the models {string} are loaded', async function (this: ConformanceWorld, names: string) {
  for (const name of names.split(',').map((n) => n.trim()).filter((n) => n.length > 0)) await loadAsAdmin(this, name);
});

When('{principal} loads the model {string}', async function (this: ConformanceWorld, who: Principal, name: string) {
  await sendRecorded(this, who, { method: 'POST', path: '/v1/models', body: loadBody(this, name) });
});

When('{principal} loads the built-in model {string}', async function (this: ConformanceWorld, who: Principal, name: string) {
  await sendRecorded(this, who, { method: 'POST', path: '/v1/models', body: { builtin: name } });
});

function loadedModel(world: ConformanceWorld): ModelObject {
  assert.ok(world.last.status === 200 || world.last.status === 201, `expected the model, got ${world.last.status}: ${world.last.text.slice(0, 500)}`);
  return assertSucceeds(world, world.last, world.last.status, 'protocol/model', 'load response') as ModelObject;
}

Then('the response is the built-in model with its pinned descriptor, digest and {int} parameters', function (this: ConformanceWorld, parameters: number) {
  const model = loadedModel(this);
  assert.equal(model.id, BUILTIN_NAME);
  assert.equal(model.status, 'ready');
  assert.deepEqual(model.descriptor, defaultDescriptor(), 'the descriptor differs from SPEC-001 §4.5');
  assert.equal(model.manifestDigest, DEFAULT_MANIFEST_DIGEST, 'manifestDigest is not the digest of the canonical descriptor');
  assert.equal(model.parameters, parameters);
});

Then('the response is the ready forward model {string}', function (this: ConformanceWorld, name: string) {
  const fixture = forwardFixture(name);
  assert.ok(fixture !== undefined, `${name} is not a forward family member`);
  const model = loadedModel(this);
  assert.equal(model.id, fixture.descriptor.name);
  assert.equal(model.status, 'ready');
  assert.equal(model.manifestDigest, fixture.manifestDigest, 'manifestDigest is not the SHA-256 of the served manifest bytes');
  assert.deepEqual(model.descriptor, fixture.manifest.descriptor, 'descriptor differs from the manifest');
  assert.equal(model.parameters, modelParameterCount(fixture.descriptor), 'parameters differ from SPEC-004 §4.4');
});

/** The Model as the load response, GET /v1/models/{id} and the list entry report it. */
async function shownEverywhere(world: ConformanceWorld, name: string): Promise<ModelObject[]> {
  const id = modelIdOf(name);
  const listed = (await fetchModelList(world)).find((m) => m.id === id);
  assert.ok(listed !== undefined, `${id} is not listed by GET /v1/models`);
  return [loadedModel(world), await fetchModel(world, id), listed];
}

Then('the model {string} reports {int} parameters wherever it is shown', async function (this: ConformanceWorld, name: string, count: number) {
  for (const model of await shownEverywhere(this, name)) assert.equal(model.parameters, count, `parameters of ${model.id}`);
});

Then('the model {string} reports the descriptor of its manifest, version 2 fields included', async function (this: ConformanceWorld, name: string) {
  const fixture = forwardFixture(name);
  assert.ok(fixture !== undefined, `${name} is not a forward family member`);
  const manifest = JSON.parse(new TextDecoder().decode(fixture.manifestBytes)) as { descriptor: Record<string, unknown> };
  for (const field of ['vocab', 'heads', 'dFF', 'sharedExpert', 'ropeBase', 'maxSeq']) assert.ok(field in manifest.descriptor, field);
  for (const model of await shownEverywhere(this, name)) assert.deepEqual(model.descriptor, manifest.descriptor);
});

Given('the runtime declares a maxSeq below 4096', function (this: ConformanceWorld) {
  if (maxSeqLimit() < 4096) return undefined;
  // SPEC-004 §4.7: cm-fwd-longseq would need maxSeq 4097, which no valid descriptor has.
  this.attach('cm-fwd-longseq is served only when limits.maxSeq < 4096; the runtime declares 4096', SKIP_REASON_MEDIA_TYPE);
  return 'skipped';
});

interface Sighting {
  listed: boolean;
  accounted: number | undefined;
  counted: number;
  listLength: number;
  route: { status: number; code?: string };
  forward: { status: number; code?: string };
}

/** Where a model shows up right now: list, memory, state count, and whether route and forward accept it. */
async function sightingOf(world: ConformanceWorld, name: string): Promise<Sighting> {
  const id = modelIdOf(name);
  const token = world.token('admin');
  const read = async (path: string, schema: string) => world.api.validate(await world.api.request({ method: 'GET', path, token }), schema, `GET ${path}`);
  const list = (await read('/v1/models', 'protocol/model-list')) as { models: ModelObject[] };
  const memory = (await read('/v1/memory', 'protocol/memory')) as { models: { id: string; bytes: number }[] };
  const state = (await read('/v1/state', 'protocol/state')) as { models: number };
  const d = descriptorNamed(name);
  const outcome = async (path: string, body: unknown) => {
    const response = await world.api.request({ method: 'POST', path, token, body });
    return { status: response.status, code: (response.json as { error?: { code?: string } } | undefined)?.error?.code };
  };
  return {
    listed: list.models.some((m) => m.id === id),
    accounted: memory.models.find((m) => m.id === id)?.bytes,
    counted: state.models,
    listLength: list.models.length,
    route: await outcome('/v1/route', { model: id, layer: 0, hidden: inputMatrix(d.seed, 0, 1, d.dModel) }),
    forward: await outcome('/v1/forward', { model: id, sequences: [[1, 2, 3]] }),
  };
}

Then('the model {string} is listed, accounted, counted and served', async function (this: ConformanceWorld, name: string) {
  const seen = await sightingOf(this, name);
  assert.ok(seen.listed, 'not listed by GET /v1/models');
  assert.equal(seen.accounted, residentBytesOf(name), 'GET /v1/memory does not account its resident bytes');
  assert.equal(seen.counted, seen.listLength, 'GET /v1/state models differs from the list');
  assert.equal(seen.route.status, 200, `POST /v1/route answered ${seen.route.status} ${seen.route.code ?? ''}`);
  const v2 = descriptorNamed(name).formatVersion === 2;
  if (v2) assert.equal(seen.forward.status, 200, `POST /v1/forward answered ${seen.forward.status} ${seen.forward.code ?? ''}`);
  else assert.equal(seen.forward.code, 'E_FORWARD_UNSUPPORTED', 'a loaded router-only model is not E_FORWARD_UNSUPPORTED');
});

Then('the model {string} is neither listed, accounted, counted nor served', async function (this: ConformanceWorld, name: string) {
  const seen = await sightingOf(this, name);
  assert.ok(!seen.listed, 'still listed by GET /v1/models');
  assert.equal(seen.accounted, undefined, 'still accounted by GET /v1/memory');
  assert.equal(seen.counted, seen.listLength, 'GET /v1/state models differs from the list');
  assert.deepEqual([seen.route.status, seen.route.code], [404, 'E_MODEL_NOT_FOUND'], 'POST /v1/route');
  assert.deepEqual([seen.forward.status, seen.forward.code], [404, 'E_MODEL_NOT_FOUND'], 'POST /v1/forward');
  // The full envelope check of a fresh refusal, as every other scenario makes it.
  const response = await this.api.request({ method: 'GET', path: `/v1/models/${modelIdOf(name)}`, token: this.token('admin') });
  assertFailsWith(this, 'E_MODEL_NOT_FOUND', response);
});
