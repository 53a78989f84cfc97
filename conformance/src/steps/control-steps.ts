// The control API in conformance mode (SPEC-000 §4.2): reset, the routing seed override, tenants.
import assert from 'node:assert/strict';
import { Given, Then } from '@cucumber/cucumber';
import { assertSucceeds } from '../support/exchanges.ts';
import { noteSeedOverride } from '../support/route-calls.ts';
import type { ConformanceWorld } from '../support/world.ts';

async function readSeed(world: ConformanceWorld): Promise<string | null> {
  const response = await world.api.request({ method: 'GET', path: '/v1/conformance/seed', token: world.token('admin') });
  return (assertSucceeds(world, response, 200, 'protocol/seed-response', 'GET /v1/conformance/seed') as { seed: string | null }).seed;
}

Given('the runtime is reset', async function (this: ConformanceWorld) {
  const response = await this.api.request({ method: 'POST', path: '/v1/conformance/reset', token: this.token('admin') });
  assertSucceeds(this, response, 200, 'protocol/reset-response', 'POST /v1/conformance/reset');
  // The runtime forgot its tenants and seed override; so does the scenario.
  for (const name of [...this.tokens.keys()]) if (name !== 'admin') this.tokens.delete(name);
  noteSeedOverride(this, null);
});

Then('the runtime state reports {int} loaded model(s)', async function (this: ConformanceWorld, count: number) {
  const response = await this.api.request({ method: 'GET', path: '/v1/state', token: this.token('admin') });
  const state = assertSucceeds(this, response, 200, 'protocol/state', 'GET /v1/state') as { state: string; models: number };
  assert.equal(state.models, count, `GET /v1/state reports ${state.models} models`);
});

Then('the routing seed override reads {string}', async function (this: ConformanceWorld, seed: string) {
  assert.equal(await readSeed(this), seed);
});

Then('the routing seed override is cleared', async function (this: ConformanceWorld) {
  assert.equal(await readSeed(this), null);
});

Then('the response names tenant {string} with a new token', function (this: ConformanceWorld, name: string) {
  const body = assertSucceeds(this, this.last, 201, 'protocol/tenant-response', 'POST /v1/conformance/tenants') as { tenant: string; token: string };
  assert.equal(body.tenant, name);
  const holders = [...this.tokens.entries()].filter(([, token]) => token === body.token).map(([holder]) => holder);
  assert.deepEqual(holders, [], `the new token is already held by ${holders.join(', ')}`);
  this.tokens.set(name, body.token);
});

Then('tenants {string} and {string} hold distinct tokens', function (this: ConformanceWorld, a: string, b: string) {
  assert.notEqual(this.token(a), this.token(b));
  assert.notEqual(this.token(a), this.token('admin'));
  assert.notEqual(this.token(b), this.token('admin'));
});

Then('the admin can provision tenant {string}', async function (this: ConformanceWorld, name: string) {
  // A tenant created by a refused request would make this a 409 E_CONTROL_TENANT_EXISTS.
  const response = await this.api.request({ method: 'POST', path: '/v1/conformance/tenants', token: this.token('admin'), body: { name } });
  const body = assertSucceeds(this, response, 201, 'protocol/tenant-response', `provisioning tenant ${name}`) as { tenant: string; token: string };
  this.tokens.set(name, body.token);
});
