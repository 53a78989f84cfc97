// Model loading (SPEC-000 conformance models, SPEC-004 metadata): load, list, inspect.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { parameterCount } from '../oracle/index.ts';
import { assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { fetchModelList, fixtureNamed, manifestUrlOf, prepareLoad, type ModelObject } from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

/** The Model a load answered with, kept so that a reload can be compared with it (REQ-000-012). */
export function rememberedModelKey(name: string): string {
  return `model loaded from ${name}`;
}

Given('the conformance model {string} is loaded', async function (this: ConformanceWorld, name: string) {
  prepareLoad(this, name);
  const response = await this.api.request({
    method: 'POST', path: '/v1/models', token: this.token('admin'), body: { manifestUrl: manifestUrlOf(this, name) },
  });
  const model = assertSucceeds(this, response, 201, 'protocol/model', `loading ${name}`) as ModelObject;
  assert.equal(model.status, 'ready', `model ${name} is ${model.status} after loading`);
  this.remembered.set(rememberedModelKey(name), model);
});

When('{principal} loads the conformance model {string}', async function (this: ConformanceWorld, who: Principal, name: string) {
  prepareLoad(this, name);
  await sendRecorded(this, who, { method: 'POST', path: '/v1/models', body: { manifestUrl: manifestUrlOf(this, name) } });
});

When('{principal} loads a model from the manifest URL {string}', async function (this: ConformanceWorld, who: Principal, url: string) {
  // `{fixtures}` stands for the harness's fixture server, so scenarios can name paths it does not serve.
  await sendRecorded(this, who, { method: 'POST', path: '/v1/models', body: { manifestUrl: url.replace('{fixtures}', this.params.fixtureBaseUrl) } });
});

Then('the response is the ready model {string}', function (this: ConformanceWorld, name: string) {
  const fixture = fixtureNamed(name);
  assert.ok(this.last.status === 200 || this.last.status === 201, `expected the model, got ${this.last.status}: ${this.last.text.slice(0, 500)}`);
  const model = assertSucceeds(this, this.last, this.last.status, 'protocol/model', 'model response') as ModelObject;
  assert.equal(model.id, fixture.descriptor.name);
  assert.equal(model.status, 'ready');
  // REQ-010-007: the digest is over the manifest bytes exactly as served.
  assert.equal(model.manifestDigest, fixture.manifestDigest, 'manifestDigest is not the SHA-256 of the served manifest bytes');
  assert.deepEqual(model.descriptor, fixture.manifest.descriptor, 'descriptor differs from the manifest');
  assert.equal(model.parameters, parameterCount(fixture.descriptor), 'parameter count differs from SPEC-004 formula');
});

Then('the model list is exactly {string}', async function (this: ConformanceWorld, names: string) {
  const models = await fetchModelList(this);
  const expected = names.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  assert.deepEqual(models.map((m) => m.id), expected);
  for (const m of models) assert.equal(m.status, 'ready', `listed model ${m.id} is ${m.status}`);
});

Then('the model list is empty', async function (this: ConformanceWorld) {
  assert.deepEqual((await fetchModelList(this)).map((m) => m.id), []);
});
