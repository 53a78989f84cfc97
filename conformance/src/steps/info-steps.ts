// Runtime identity, claims and modes (SPEC-000): the info document and the production-mode absence of control.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { tokenOf, type Principal } from '../support/principals.ts';
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
    this.last = await this.production.request({ method, path, token: tokenOf(this, who) });
  },
);

When('{principal} sends {word} {string} to the production-mode runtime with body:', async function (this: ConformanceWorld, who: Principal, method: string, path: string, body: string) {
  assert.ok(this.production !== null, 'no production-mode endpoint');
  this.last = await this.production.request({ method, path, token: tokenOf(this, who), rawBody: body });
});

Then('the info document declares profile {string}', function (this: ConformanceWorld, profile: string) {
  assert.ok(lastInfo(this).profiles.includes(profile), `profiles: ${lastInfo(this).profiles.join(', ')}`);
});

Then('the info document declares mode {string}', function (this: ConformanceWorld, mode: string) {
  assert.equal(lastInfo(this).mode, mode);
});

Then('the info document declares protocol version {string}', function (this: ConformanceWorld, version: string) {
  assert.equal(lastInfo(this).protocolVersion, version);
});

Then('the info document declares capability {string}', function (this: ConformanceWorld, capability: string) {
  assert.ok(lastInfo(this).capabilities.includes(capability), `capabilities: ${lastInfo(this).capabilities.join(', ')}`);
});

Then('the info document names the runtime and its version', function (this: ConformanceWorld) {
  const info = lastInfo(this);
  assert.ok(info.runtime.name.length > 0 && info.runtime.version.length > 0);
});

Then('the info document declares a positive limit {string}', function (this: ConformanceWorld, limit: string) {
  const value = lastInfo(this).limits[limit];
  assert.ok(typeof value === 'number' && Number.isInteger(value) && value > 0, `limits.${limit} = ${String(value)}`);
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
});
