// The runtime state machine (SPEC-009) and the forward delay (SPEC-002 §4.5), both driven through the control API:
// reaching a state, applying transitions, reading GET /v1/state and its since counter.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { isRuntimeState, pathFromReady } from '../support/checks/state-machine.ts';
import { assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import { cataloguedRoute } from '../support/route-catalogue.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { assertSameJson } from '../support/checks/first-difference.ts';

interface StateDocument {
  readonly state: string;
  readonly models: number;
  readonly since: number;
}

const REMEMBERED_STATE = 'remembered runtime state';

async function readState(world: ConformanceWorld): Promise<StateDocument> {
  const response = await world.api.request({ method: 'GET', path: '/v1/state', token: world.token('admin') });
  return assertSucceeds(world, response, 200, 'protocol/state', 'GET /v1/state') as StateDocument;
}

function sinceAbove(world: ConformanceWorld, doc: StateDocument, steps: number): void {
  const before = world.recall<StateDocument>(REMEMBERED_STATE);
  assert.equal(doc.since, before.since + steps, `since is ${doc.since}, ${steps} above the remembered ${before.since} expected`);
}

Given('the runtime state is remembered', async function (this: ConformanceWorld) {
  this.remembered.set(REMEMBERED_STATE, await readState(this));
});

Given('the runtime has been put in state {string}', async function (this: ConformanceWorld, state: string) {
  assert.ok(isRuntimeState(state), `"${state}" is not a state of SPEC-009`);
  const path = pathFromReady(state);
  assert.ok(path !== null, `the harness cannot reach ${state}`);
  for (const transition of path) {
    const response = await this.api.request({ method: 'POST', path: '/v1/conformance/state', token: this.token('admin'), body: { transition } });
    assertSucceeds(this, response, 200, 'protocol/state', `POST /v1/conformance/state ${transition}`);
  }
  assert.equal((await readState(this)).state, state);
});

When('{principal} applies the transition {string}', async function (this: ConformanceWorld, who: Principal, transition: string) {
  await sendRecorded(this, who, { method: 'POST', path: '/v1/conformance/state', body: { transition } });
});

Then(
  'the state document reads state {string}, {int} models and since {int} above the remembered one',
  function (this: ConformanceWorld, state: string, models: number, steps: number) {
    const doc = this.api.validate<StateDocument>(this.last, 'protocol/state', 'state document');
    assert.deepEqual([doc.state, doc.models], [state, models]);
    sinceAbove(this, doc, steps);
  },
);

Then(
  'the runtime state reads {string} with {int} model(s) and since {int} above the remembered one',
  async function (this: ConformanceWorld, state: string, models: number, steps: number) {
    const doc = await readState(this);
    assert.deepEqual([doc.state, doc.models], [state, models]);
    sinceAbove(this, doc, steps);
  },
);

Then('the runtime state reads {string} with {int} model(s)', async function (this: ConformanceWorld, state: string, models: number) {
  const doc = await readState(this);
  assert.deepEqual([doc.state, doc.models], [state, models]);
});

Then('the since counter is unchanged', async function (this: ConformanceWorld) {
  sinceAbove(this, await readState(this), 0);
});

const rememberedResponse = (label: string) => `response to ${label}`;

Given('the response to a well-formed {string} request is remembered', async function (this: ConformanceWorld, label: string) {
  const { request, status, schema } = cataloguedRoute(this, label);
  const response = await this.api.request({ ...request, ...credentialOf(this, { kind: 'admin' }) });
  this.remembered.set(rememberedResponse(label), assertSucceeds(this, response, status, schema, `${label} in ready`));
});

Then('the response body is the one remembered for {string}', function (this: ConformanceWorld, label: string) {
  assertSameJson(this.last.json, this.recall(rememberedResponse(label)), `${label} differs from its answer in ready`);
});

Given('the forward delay is set to {int} ms per layer', async function (this: ConformanceWorld, perLayerMs: number) {
  const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/delay', token: this.token('admin'), body: { perLayerMs } });
  const body = assertSucceeds(this, response, 200, 'protocol/delay-request', 'PUT /v1/conformance/delay') as { perLayerMs: number };
  assert.equal(body.perLayerMs, perLayerMs);
});

When('{principal} sets the forward delay to {int} ms per layer', async function (this: ConformanceWorld, who: Principal, perLayerMs: number) {
  await sendRecorded(this, who, { method: 'PUT', path: '/v1/conformance/delay', body: { perLayerMs } });
});
