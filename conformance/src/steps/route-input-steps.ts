// Route requests beyond the fixture vectors: non-dyadic rows, ragged and oversized batches, and the reproducibility
// checks that re-send a request (SPEC-003 §4.6, SPEC-010 §4.9).
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import type { Principal } from '../support/principals.ts';
import { routerModelNamed } from '../support/forward-models.ts';
import { fixtureInputs, lastCall, lastRoute, nonDyadicRows, route, routeAgain, zeroRows } from '../support/route-calls.ts';
import { runtimeInfo } from '../support/run-context.ts';
import { assertSameJson } from '../support/checks/first-difference.ts';
import type { ConformanceWorld } from '../support/world.ts';

function maxTokensPerRequest(): number {
  const limit = runtimeInfo().limits.maxTokensPerRequest;
  assert.ok(limit !== undefined && Number.isInteger(limit) && limit >= 1, `maxTokensPerRequest ${String(limit)}`);
  return limit;
}

When(
  '{principal} routes {int} non-dyadic vector(s) through {string} at layer {int}',
  async function (this: ConformanceWorld, who: Principal, count: number, model: string, layer: number) {
    await route(this, who, { model, layer, hidden: nonDyadicRows(count, routerModelNamed(model).descriptor.dModel) });
  },
);

When(
  '{principal} routes zero vectors of lengths {string} through {string} at layer {int}',
  async function (this: ConformanceWorld, who: Principal, lengths: string, model: string, layer: number) {
    const hidden = lengths.split(',').map((n) => new Array<number>(Number(n.trim())).fill(0));
    await route(this, who, { model, layer, hidden });
  },
);

When(
  '{principal} routes one more zero vector than maxTokensPerRequest through {string} at layer {int}',
  async function (this: ConformanceWorld, who: Principal, model: string, layer: number) {
    await route(this, who, { model, layer, hidden: zeroRows(maxTokensPerRequest() + 1, routerModelNamed(model).descriptor.dModel) });
  },
);

When(
  '{principal} routes exactly maxTokensPerRequest fixture inputs through {string} at layer {int}',
  async function (this: ConformanceWorld, who: Principal, model: string, layer: number) {
    await route(this, who, { model, layer, hidden: fixtureInputs(model, 0, maxTokensPerRequest() - 1) });
  },
);

Then('repeating that route request {int} times gives identical results', async function (this: ConformanceWorld, times: number) {
  const first = lastRoute(this);
  for (let n = 1; n <= times; n += 1) {
    const again = await routeAgain(this, lastCall(this), `POST /v1/route (repetition ${n})`);
    // Identical to the bit: every gate, score and digest (SPEC-010 §4.9).
    assertSameJson(again, first, `repetition ${n} differs`);
  }
});

Then('routing those inputs in reverse order gives the same token results', async function (this: ConformanceWorld) {
  const call = lastCall(this);
  const forward = lastRoute(this);
  assert.ok(call.hidden.length > 1, 'a single row has no other position');
  const reversed = await routeAgain(this, { ...call, hidden: [...call.hidden].reverse() }, 'POST /v1/route (rows reversed)');
  const n = call.hidden.length;
  forward.tokens.forEach((token, i) => assert.deepEqual(reversed.tokens[n - 1 - i], token, `row ${i} at position ${n - 1 - i} differs`));
});

Then('routing those inputs amid other rows gives the same token results', async function (this: ConformanceWorld) {
  const call = lastCall(this);
  const original = lastRoute(this);
  // Interleave with fixture vectors the scenario did not send: [other 0, row 0, other 1, row 1, ..., other n].
  const others = fixtureInputs(call.model, 100, 100 + call.hidden.length);
  const mixed = others.flatMap((other, i) => (i < call.hidden.length ? [other, call.hidden[i] ?? []] : [other]));
  const result = await routeAgain(this, { ...call, hidden: mixed }, 'POST /v1/route (rows among others)');
  original.tokens.forEach((token, i) => assert.deepEqual(result.tokens[2 * i + 1], token, `row ${i} among other rows differs`));
});
