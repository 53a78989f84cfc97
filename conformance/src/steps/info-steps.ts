// Runtime identity, claims and modes (SPEC-000): the info document and the production-mode absence of control.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { assertJsonMediaType } from '../support/exchanges.ts';
import { manifestUrlOf, type ModelObject } from '../support/models.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import type { RuntimeInfo } from '../support/run-context.ts';
import type { ConformanceWorld } from '../support/world.ts';

function lastInfo(world: ConformanceWorld): RuntimeInfo {
  assert.equal(world.last.status, 200, `GET /v1/info: ${world.last.status} ${world.last.text.slice(0, 300)}`);
  return world.api.validate<RuntimeInfo>(world.last, 'protocol/info', 'GET /v1/info');
}

When(
  '{principal} sends {word} {string} to the production-mode runtime',
  async function (this: ConformanceWorld, who: Principal, method: string, path: string) {
    assert.ok(this.production !== null, 'no production-mode endpoint');
    // The production runtime has the same admin credential; tenants exist only on the conformance runtime.
    this.last = await this.production.request({ method, path, ...credentialOf(this, who) });
  },
);

When('{principal} sends {word} {string} to the production-mode runtime with body:', async function (this: ConformanceWorld, who: Principal, method: string, path: string, body: string) {
  assert.ok(this.production !== null, 'no production-mode endpoint');
  this.last = await this.production.request({ method, path, ...credentialOf(this, who), rawBody: body });
});

Then('the info document declares profile {string}', function (this: ConformanceWorld, profile: string) {
  assert.ok(lastInfo(this).profiles.includes(profile), `profiles: ${lastInfo(this).profiles.join(', ')}`);
});

Then('the info document declares mode {string}', function (this: ConformanceWorld, mode: string) {
  assert.equal(lastInfo(this).mode, mode);
});

Then('the info document declares capability {string}', function (this: ConformanceWorld, capability: string) {
  assert.ok(lastInfo(this).capabilities.includes(capability), `capabilities: ${lastInfo(this).capabilities.join(', ')}`);
});

Then('the info document declares protocol major version {int}', function (this: ConformanceWorld, major: number) {
  const version = lastInfo(this).protocolVersion;
  assert.match(version, /^\d+\.\d+$/, `protocolVersion "${version}" is not major.minor`);
  assert.equal(Number(version.split('.')[0]), major, `protocolVersion ${version}`);
});

Then('the info document declares limits within these bounds:', function (this: ConformanceWorld, table: DataTable) {
  const limits = lastInfo(this).limits;
  const problems: string[] = [];
  for (const row of table.hashes()) {
    const name = row.limit ?? '';
    const value = limits[name];
    const min = Number(row.minimum);
    const max = row.maximum === 'none' ? Number.POSITIVE_INFINITY : Number(row.maximum);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`limits.${name} = ${String(value)}, expected an integer in ${min}..${row.maximum ?? ''}`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

Then('the info document names the runtime and its version', function (this: ConformanceWorld) {
  const info = lastInfo(this);
  assert.ok(info.runtime.name.length > 0 && info.runtime.version.length > 0);
});

Then('the production-mode response is the same as for an unknown route', async function (this: ConformanceWorld) {
  assert.ok(this.production !== null, 'no production-mode endpoint');
  const control = this.last;
  const unknown = await this.production.request({ method: 'GET', path: '/v1/no-such-route-exists' });
  assert.equal(control.status, 404, `control path answered ${control.status} in production mode: ${control.text.slice(0, 300)}`);
  const a = this.production.validate<{ error: { code: string } }>(control, null, 'production control response');
  const b = this.production.validate<{ error: { code: string } }>(unknown, null, 'production unknown-route response');
  assert.equal(a.error.code, 'E_PROTOCOL_NOT_FOUND');
  assert.equal(a.error.code, b.error.code);
  assert.equal(control.status, unknown.status);
  assertJsonMediaType(control);
});

Given('the production-mode runtime has the conformance model {string} loaded', async function (this: ConformanceWorld, name: string) {
  assert.ok(this.production !== null, 'no production-mode endpoint');
  // Production mode has no reset: the model may be left from an earlier scenario, which a reload answers with 200.
  const response = await this.production.request({
    method: 'POST', path: '/v1/models', token: this.token('admin'), body: { manifestUrl: manifestUrlOf(this, name) },
  });
  assert.ok(response.status === 200 || response.status === 201, `loading ${name} in production mode: ${response.status} ${response.text.slice(0, 300)}`);
  const model = this.production.validate<ModelObject>(response, 'protocol/model', 'POST /v1/models (production mode)');
  assert.equal(model.status, 'ready');
});

Then('the production-mode runtime still lists the model {string}', async function (this: ConformanceWorld, name: string) {
  assert.ok(this.production !== null, 'no production-mode endpoint');
  const response = await this.production.request({ method: 'GET', path: '/v1/models', token: this.token('admin') });
  assert.equal(response.status, 200, `GET /v1/models (production mode): ${response.status}`);
  const list = this.production.validate<{ models: ModelObject[] }>(response, 'protocol/model-list', 'GET /v1/models (production mode)');
  assert.ok(list.models.some((m) => m.id === name), `production-mode models: ${list.models.map((m) => m.id).join(', ')}`);
});
