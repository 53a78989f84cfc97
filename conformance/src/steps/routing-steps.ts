// Routing (SPEC-003) and its numeric guarantees (SPEC-010): oracle equality, seeds, ties, digests, batch invariance.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { inputMatrix, parseU64 } from '../oracle/index.ts';
import { fixtureNamed } from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import { checkReportedDigests, compareWithOracle, type RouteResult } from '../support/routing-check.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { sendRecorded } from './request-steps.ts';

interface RouteCall {
  readonly model: string;
  readonly layer: number;
  readonly hidden: number[][];
}

const LAST_CALL = 'last route call';
const SEED_OVERRIDE = 'routing seed override';

function fixtureInputs(name: string, first: number, last: number): number[][] {
  const { descriptor } = fixtureNamed(name);
  return inputMatrix(descriptor.seed, first, last - first + 1, descriptor.dModel);
}

async function route(world: ConformanceWorld, who: Principal, call: RouteCall): Promise<void> {
  world.remembered.set(LAST_CALL, call);
  await sendRecorded(world, who, { method: 'POST', path: '/v1/route', body: call });
}

/** The successful RouteResult of the last request, schema-validated. */
function lastRoute(world: ConformanceWorld): RouteResult {
  assert.equal(world.last.status, 200, `routing failed: ${world.last.status} ${world.last.text.slice(0, 500)}`);
  return world.api.validate<RouteResult>(world.last, 'protocol/route-result', 'POST /v1/route');
}

/** The seed a conforming runtime must route with: the control override if set, else the model's seed (SPEC-003). */
function expectedSeed(world: ConformanceWorld, model: string): bigint {
  const override = world.remembered.get(SEED_OVERRIDE) as string | undefined;
  return parseU64(override ?? fixtureNamed(model).descriptor.seed);
}

Given('the routing seed is set to {string}', async function (this: ConformanceWorld, seed: string) {
  const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/seed', token: this.token('admin'), body: { seed } });
  const body = this.api.validate<{ seed: string | null }>(response, 'protocol/seed-response', 'PUT /v1/conformance/seed');
  assert.equal(body.seed, seed);
  this.remembered.set(SEED_OVERRIDE, seed);
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
    const d = fixtureNamed(model).descriptor.dModel;
    await route(this, who, { model, layer, hidden: [new Array<number>(d).fill(0)] });
  },
);

When(
  '{principal} routes {int} zero vectors of length {int} through {string} at layer {int}',
  async function (this: ConformanceWorld, who: Principal, rows: number, length: number, model: string, layer: number) {
    await route(this, who, { model, layer, hidden: Array.from({ length: rows }, () => new Array<number>(length).fill(0)) });
  },
);

When(
  '{principal} routes a vector of {string} whose first element is written {string}',
  async function (this: ConformanceWorld, who: Principal, model: string, literal: string) {
    // Raw JSON so a literal such as 1e999 (valid JSON, not a finite binary64) reaches the runtime unchanged.
    const d = fixtureNamed(model).descriptor.dModel;
    const row = [literal, ...new Array<string>(d - 1).fill('0')].join(',');
    await sendRecorded(this, who, { method: 'POST', path: '/v1/route', rawBody: `{"model":"${model}","layer":0,"hidden":[[${row}]]}` });
  },
);

Then('the routing result equals the oracle\'s', function (this: ConformanceWorld) {
  const call = this.recall<RouteCall>(LAST_CALL);
  const fixture = fixtureNamed(call.model);
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
});

Then('the routing results {string} and {string} are identical', function (this: ConformanceWorld, a: string, b: string) {
  // Bit-identical: same selections, same gates to the last bit, hence same digests (SPEC-010 reproducibility).
  assert.deepEqual(this.recall<RouteResult>(`route:${a}`), this.recall<RouteResult>(`route:${b}`));
});

Then(
  'routing each of those inputs alone gives the same token results',
  async function (this: ConformanceWorld) {
    const call = this.recall<RouteCall>(LAST_CALL);
    const batch = lastRoute(this);
    for (const [i, row] of call.hidden.entries()) {
      const response = await this.api.request({ method: 'POST', path: '/v1/route', token: this.token('admin'), body: { ...call, hidden: [row] } });
      const alone = this.api.validate<RouteResult>(response, 'protocol/route-result', 'POST /v1/route (single token)');
      // Batch invariance: a token's routing, gates and digest do not depend on the other tokens of its request.
      assert.deepEqual(alone.tokens[0], batch.tokens[i], `token ${i} routed alone differs from the same token in a batch of ${call.hidden.length}`);
    }
  },
);
