// Identity, version and modes at protocol 1.1 (SPEC-001 §4.3, §4.4): the protocol version, an info document fixed
// for the process lifetime, and a production-mode process that returns what the conformance-mode one returns.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { HttpClient } from '../driver/http-client.ts';
import { fixtureSequences, parseForwardOptions, type ForwardResult } from '../support/forward-calls.ts';
import { manifestUrlOf } from '../support/models.ts';
import { fixtureInputs } from '../support/route-calls.ts';
import type { RouteResult } from '../support/routing-check.ts';
import { runtimeInfo, type RuntimeInfo } from '../support/run-context.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { assertSameJson } from '../support/checks/first-difference.ts';

Then('the info document declares protocol version 1.1 or a later 1.x version', function (this: ConformanceWorld) {
  const info = this.api.validate<RuntimeInfo>(this.last, 'protocol/info', 'GET /v1/info');
  const m = /^(\d+)\.(\d+)$/.exec(info.protocolVersion);
  assert.ok(m !== null, `protocolVersion "${info.protocolVersion}" is not major.minor`);
  assert.ok(Number(m[1]) === 1 && Number(m[2]) >= 1, `protocolVersion ${info.protocolVersion} is not 1.1 or a later 1.x`);
});

Then('the info document is identical to the one read at the start of the run', function (this: ConformanceWorld) {
  assert.equal(this.last.status, 200, `GET /v1/info: ${this.last.status}`);
  const now = this.api.validate<RuntimeInfo>(this.last, 'protocol/info', 'GET /v1/info');
  assert.deepEqual(now, runtimeInfo());
});

/** Both runtimes of the run: conformance mode first, production mode second. */
function bothModes(world: ConformanceWorld): [HttpClient, HttpClient] {
  assert.ok(world.production !== null, 'no production-mode endpoint');
  return [world.api, world.production];
}

const MODES = ['conformance', 'production'] as const;

async function loadInBothModes(world: ConformanceWorld, name: string, body: unknown): Promise<void> {
  for (const [i, client] of bothModes(world).entries()) {
    // Production mode has no reset: an earlier scenario may have loaded the model already, which answers 200.
    const response = await client.request({ method: 'POST', path: '/v1/models', token: world.token('admin'), body });
    assert.ok(response.status === 200 || response.status === 201, `loading ${name} in ${MODES[i]} mode: ${response.status} ${response.text.slice(0, 300)}`);
    client.validate(response, 'protocol/model', `POST /v1/models (${MODES[i]} mode)`);
  }
}

Given('the built-in model {string} is loaded in both modes', async function (this: ConformanceWorld, name: string) {
  await loadInBothModes(this, name, { builtin: name });
});

Given('the conformance models {string} are loaded in both modes', async function (this: ConformanceWorld, names: string) {
  for (const name of names.split(',').map((n) => n.trim())) await loadInBothModes(this, name, { manifestUrl: manifestUrlOf(this, name) });
});

async function inBothModes<T>(world: ConformanceWorld, path: string, body: unknown, schema: string): Promise<T[]> {
  const results: T[] = [];
  for (const [i, client] of bothModes(world).entries()) {
    const response = await client.request({ method: 'POST', path, token: world.token('admin'), body });
    assert.equal(response.status, 200, `${path} in ${MODES[i]} mode: ${response.status} ${response.text.slice(0, 300)}`);
    results.push(client.validate<T>(response, schema, `${path} (${MODES[i]} mode)`));
  }
  return results;
}

When(
  'the admin forwards the fixture sequences of {string} with {string} in both modes',
  async function (this: ConformanceWorld, model: string, options: string) {
    const body = { model, sequences: fixtureSequences(model), ...parseForwardOptions(options) };
    this.remembered.set('forward in both modes', await inBothModes<ForwardResult>(this, '/v1/forward', body, 'protocol/forward-result'));
  },
);

When(
  'the admin routes fixture inputs {int} to {int} of {string} at layer {int} in both modes',
  async function (this: ConformanceWorld, first: number, last: number, model: string, layer: number) {
    const body = { model, layer, hidden: fixtureInputs(model, first, last) };
    this.remembered.set('route in both modes', await inBothModes<RouteResult>(this, '/v1/route', body, 'protocol/route-result'));
  },
);

Then('both modes report the same runtime identity and limits', async function (this: ConformanceWorld) {
  const infos: RuntimeInfo[] = [];
  for (const [i, client] of bothModes(this).entries()) {
    const response = await client.request({ method: 'GET', path: '/v1/info' });
    assert.equal(response.status, 200, `GET /v1/info in ${MODES[i]} mode: ${response.status}`);
    infos.push(client.validate<RuntimeInfo>(response, 'protocol/info', `GET /v1/info (${MODES[i]} mode)`));
  }
  const [conformance, production] = infos;
  assert.deepEqual(production?.runtime, conformance?.runtime, 'runtime identity');
  assert.deepEqual(production?.limits, conformance?.limits, 'limits');
  assert.equal(production?.mode, 'production');
});

Then('both modes returned the same forward and route results', function (this: ConformanceWorld) {
  const [f1, f2] = this.recall<ForwardResult[]>('forward in both modes');
  const [r1, r2] = this.recall<RouteResult[]>('route in both modes');
  // Same digests first (the spec's wording), then every reported value.
  assert.equal(f2?.digest, f1?.digest, 'forward result digest');
  assert.equal(r2?.digest, r1?.digest, 'route result digest');
  assertSameJson(f2, f1, 'forward results differ between the modes');
  assertSameJson(r2, r1, 'route results differ between the modes');
});
