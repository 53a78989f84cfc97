// Model loading (SPEC-000 conformance models, SPEC-004 metadata): load, list, inspect, integrity failures.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { parameterCount } from '../oracle/index.ts';
import { fixtureNamed, manifestUrlOf, type ModelObject } from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { sendRecorded } from './request-steps.ts';

Given('the conformance model {string} is loaded', async function (this: ConformanceWorld, name: string) {
  const response = await this.api.request({
    method: 'POST', path: '/v1/models', token: this.token('admin'), body: { manifestUrl: manifestUrlOf(this, name) },
  });
  assert.equal(response.status, 201, `loading ${name}: status ${response.status} ${response.text.slice(0, 500)}`);
  const model = this.api.validate<ModelObject>(response, 'protocol/model', 'POST /v1/models');
  assert.equal(model.status, 'ready', `model ${name} is ${model.status} after loading`);
});

When('{principal} loads the conformance model {string}', async function (this: ConformanceWorld, who: Principal, name: string) {
  await sendRecorded(this, who, { method: 'POST', path: '/v1/models', body: { manifestUrl: manifestUrlOf(this, name) } });
});

When('{principal} loads a model from the manifest URL {string}', async function (this: ConformanceWorld, who: Principal, url: string) {
  // `{fixtures}` stands for the harness's fixture server, so scenarios can name paths it does not serve.
  await sendRecorded(this, who, { method: 'POST', path: '/v1/models', body: { manifestUrl: url.replace('{fixtures}', this.params.fixtureBaseUrl) } });
});

Then('the response is the ready model {string}', function (this: ConformanceWorld, name: string) {
  const fixture = fixtureNamed(name);
  assert.ok(this.last.status === 200 || this.last.status === 201, `expected the model, got ${this.last.status}: ${this.last.text.slice(0, 500)}`);
  const model = this.api.validate<ModelObject>(this.last, 'protocol/model', 'model response');
  assert.equal(model.id, fixture.descriptor.name);
  assert.equal(model.status, 'ready');
  // REQ-000: the digest is over the manifest bytes exactly as served.
  assert.equal(model.manifestDigest, fixture.manifestDigest, 'manifestDigest is not the SHA-256 of the served manifest bytes');
  assert.deepEqual(model.descriptor, fixture.descriptor, 'descriptor differs from the manifest');
  assert.equal(model.parameters, parameterCount(fixture.descriptor), 'parameter count differs from SPEC-004 formula');
});

Then('the model list is exactly {string}', async function (this: ConformanceWorld, names: string) {
  const response = await this.api.request({ method: 'GET', path: '/v1/models', token: this.token('admin') });
  const list = this.api.validate<{ models: ModelObject[] }>(response, 'protocol/model-list', 'GET /v1/models');
  const expected = names.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  assert.deepEqual(list.models.map((m) => m.id), expected);
  for (const m of list.models) assert.equal(m.status, 'ready', `listed model ${m.id} is ${m.status}`);
});

Then('the model list is empty', async function (this: ConformanceWorld) {
  const response = await this.api.request({ method: 'GET', path: '/v1/models', token: this.token('admin') });
  const list = this.api.validate<{ models: ModelObject[] }>(response, 'protocol/model-list', 'GET /v1/models');
  assert.deepEqual(list.models.map((m) => m.id), []);
});
