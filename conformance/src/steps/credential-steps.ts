// Routes crossed with credentials (SPEC-000 §4.1): a well-formed request per route, and whether a principal is
// admitted or refused by the runtime API.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { assertFailsWith, assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import { cataloguedRoute } from '../support/route-catalogue.ts';
import type { ConformanceWorld } from '../support/world.ts';

When('{principal} sends a well-formed {string} request', async function (this: ConformanceWorld, who: Principal, label: string) {
  await sendRecorded(this, who, cataloguedRoute(this, label).request);
});

Then('the request succeeds with the status and body schema of {string}', function (this: ConformanceWorld, label: string) {
  const { status, schema } = cataloguedRoute(this, label);
  assertSucceeds(this, this.last, status, schema, label);
});

async function readModels(world: ConformanceWorld, who: Principal) {
  return world.api.request({ method: 'GET', path: '/v1/models', ...credentialOf(world, who) });
}

Then('{principal} is admitted by the runtime API', async function (this: ConformanceWorld, who: Principal) {
  assertSucceeds(this, await readModels(this, who), 200, 'protocol/model-list', 'GET /v1/models');
});

Then('{principal} is refused by the runtime API with {word}', async function (this: ConformanceWorld, who: Principal, code: string) {
  assertFailsWith(this, code, await readModels(this, who));
});

Then('the error is marked retryable', function (this: ConformanceWorld) {
  const body = this.last.json as { error?: { retryable?: unknown } } | undefined;
  assert.equal(body?.error?.retryable, true, `retryable is ${String(body?.error?.retryable)}`);
});
