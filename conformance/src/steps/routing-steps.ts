// Routing (SPEC-003) and its numeric guarantees (SPEC-010): oracle equality, seeds, digests, batch invariance.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { routerModelNamed } from '../support/forward-models.ts';
import type { Principal } from '../support/principals.ts';
import {
  expectedSeed,
  fixtureInputs,
  lastCall,
  lastRoute,
  noteSeedOverride,
  route,
  routeAgain,
  zeroRows,
  type RouteCall,
} from '../support/route-calls.ts';
import { checkReportedDigests, compareWithOracle, type RouteResult } from '../support/routing-check.ts';
import { assertSameJson } from '../support/checks/first-difference.ts';
import type { ConformanceWorld } from '../support/world.ts';

Given('the routing seed is set to {string}', async function (this: ConformanceWorld, seed: string) {
  const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/seed', token: this.token('admin'), body: { seed } });
  const body = assertSucceeds(this, response, 200, 'protocol/seed-response', 'PUT /v1/conformance/seed') as { seed: string | null };
  assert.equal(body.seed, seed);
  noteSeedOverride(this, seed);
});

When('{principal} sets the routing seed to {string}', async function (this: ConformanceWorld, who: Principal, seed: string) {
  await sendRecorded(this, who, { method: 'PUT', path: '/v1/conformance/seed', body: { seed } });
});

When(
  '{principal} routes fixture inputs {int} to {int} of {string} at layer {int}',
  async function (this: ConformanceWorld, who: Principal, first: number, last: number, model: string, layer: number) {
    await route(this, who, { model, layer, hidden: fixtureInputs(model, first, last) });
  },
);

When(
  '{principal} routes the zero vector through {string} at layer {int}',
  async function (this: ConformanceWorld, who: Principal, model: string, layer: number) {
    await route(this, who, { model, layer, hidden: zeroRows(1, routerModelNamed(model).descriptor.dModel) });
  },
);

When(
  '{principal} routes {int} zero vector(s) of length {int} through {string} at layer {int}',
  async function (this: ConformanceWorld, who: Principal, rows: number, length: number, model: string, layer: number) {
    await route(this, who, { model, layer, hidden: zeroRows(rows, length) });
  },
);

When(
  '{principal} routes a vector of {string} whose first element is written {string}',
  async function (this: ConformanceWorld, who: Principal, model: string, literal: string) {
    // Raw JSON so a literal such as 1e999 (valid JSON, not a finite binary64) reaches the runtime unchanged.
    const d = routerModelNamed(model).descriptor.dModel;
    const row = [literal, ...new Array<string>(d - 1).fill('0')].join(',');
    await sendRecorded(this, who, { method: 'POST', path: '/v1/route', rawBody: `{"model":"${model}","layer":0,"hidden":[[${row}]]}` });
  },
);

Then('the routing result equals the oracle\'s', function (this: ConformanceWorld) {
  const call = lastCall(this);
  const fixture = routerModelNamed(call.model);
  const problems = compareWithOracle(lastRoute(this), fixture.tensors, fixture.descriptor, call.layer, call.hidden, expectedSeed(this, call.model));
  assert.deepEqual(problems, [], `routing differs from the oracle:\n${problems.join('\n')}`);
});

Then('the reported digests match the reported experts and gates', function (this: ConformanceWorld) {
  const problems = checkReportedDigests(lastRoute(this));
  assert.deepEqual(problems, [], problems.join('\n'));
});

Then('the routing seed reported is {string}', function (this: ConformanceWorld, seed: string) {
  assert.equal(lastRoute(this).seed, seed);
});

Then('the routing result is remembered as {string}', function (this: ConformanceWorld, name: string) {
  this.remembered.set(`route:${name}`, lastRoute(this));
  this.remembered.set(`route call:${name}`, lastCall(this));
});

When('{principal} repeats the route request remembered as {string}', async function (this: ConformanceWorld, who: Principal, name: string) {
  await route(this, who, this.recall<RouteCall>(`route call:${name}`));
});

Then('the routing result is identical to the one remembered as {string}', function (this: ConformanceWorld, name: string) {
  assertSameJson(lastRoute(this), this.recall<RouteResult>(`route:${name}`), `the routing result differs from the one remembered as "${name}"`);
});

Then('routing each of those inputs alone gives the same token results', async function (this: ConformanceWorld) {
  const call = lastCall(this);
  const batch = lastRoute(this);
  assert.ok(call.hidden.length > 1, 'a batch of one row says nothing about batch invariance');
  for (const [i, row] of call.hidden.entries()) {
    const alone = await routeAgain(this, { ...call, hidden: [row] }, 'POST /v1/route (single token)');
    // Batch invariance: a token's routing, gates and digest do not depend on the other tokens of its request.
    assert.deepEqual(alone.tokens[0], batch.tokens[i], `token ${i} routed alone differs from the same token in a batch of ${call.hidden.length}`);
  }
});
