// Concurrent forward and route requests (SPEC-008 §4.1-§4.3): serial results recorded first, then the same requests
// sent together, beside seed changes or beside loads and deletes of their models, and compared bit for bit.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { assertSucceeds } from '../support/exchanges.ts';
import { lastForward, lastForwardCall } from '../support/forward-calls.ts';
import { manifestUrlOf, prepareLoad } from '../support/models.ts';
import {
  compareWithSerial,
  mixRequest,
  sendConcurrently,
  serialResults,
  type MixOutcome,
  type MixRequest,
} from '../support/request-mix.ts';
import { noteSeedOverride } from '../support/route-calls.ts';
import type { ConformanceWorld } from '../support/world.ts';

const MIX = 'request mix';
const SERIAL = 'serial results by seed';
const OUTCOMES = 'concurrent outcomes';
const NO_OVERRIDE = '';

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 20).join('\n')}`);
}

async function putSeed(world: ConformanceWorld, seed: string): Promise<void> {
  const response = await world.api.request({ method: 'PUT', path: '/v1/conformance/seed', token: world.token('admin'), body: { seed } });
  assertSucceeds(world, response, 200, 'protocol/seed-response', 'PUT /v1/conformance/seed');
  noteSeedOverride(world, seed);
}

/** Loads every model of the mix that is not loaded yet (201, or 200 when an earlier row loaded it). */
async function loadModelsOf(world: ConformanceWorld, requests: readonly MixRequest[]): Promise<void> {
  for (const model of new Set(requests.map((r) => r.model))) {
    const body = model === 'default' ? { builtin: model } : { manifestUrl: manifestUrlOf(world, model) };
    if (model !== 'default') prepareLoad(world, model);
    const response = await world.api.request({ method: 'POST', path: '/v1/models', token: world.token('admin'), body });
    assertSucceeds(world, response, response.status === 200 ? 200 : 201, 'protocol/model', `loading ${model}`);
  }
}

Given('the serial results of this request mix are recorded:', async function (this: ConformanceWorld, table: DataTable) {
  const requests = table.hashes().map(mixRequest);
  await loadModelsOf(this, requests);
  this.remembered.set(MIX, requests);
  this.remembered.set(SERIAL, new Map([[NO_OVERRIDE, await serialResults(this, requests)]]));
});

Given(
  'the serial results of this request mix under the seeds {string} and {string} are recorded:',
  async function (this: ConformanceWorld, a: string, b: string, table: DataTable) {
    const requests = table.hashes().map(mixRequest);
    await loadModelsOf(this, requests);
    const serial = new Map<string, unknown[]>();
    for (const seed of [a, b]) {
      await putSeed(this, seed);
      serial.set(seed, await serialResults(this, requests));
    }
    this.remembered.set(MIX, requests);
    this.remembered.set(SERIAL, serial);
  },
);

When('the admin sends the request mix {int} times concurrently', async function (this: ConformanceWorld, times: number) {
  this.remembered.set(OUTCOMES, await sendConcurrently(this, this.recall<MixRequest[]>(MIX), times));
});

When(
  'the admin sends the request mix {int} times concurrently while the seed override alternates between {string} and {string}',
  async function (this: ConformanceWorld, times: number, a: string, b: string) {
    let flipping = true;
    const flips = (async () => {
      // Each PUT answers before the next: the override changes as often as the runtime lets it while requests run.
      for (let n = 0; flipping || n < 2; n += 1) await putSeed(this, n % 2 === 0 ? a : b);
    })();
    const outcomes = await sendConcurrently(this, this.recall<MixRequest[]>(MIX), times);
    flipping = false;
    await flips;
    this.remembered.set(OUTCOMES, outcomes);
  },
);

When(
  'the admin sends the request mix {int} at a time while {string} and {string} are deleted and reloaded {int} times',
  async function (this: ConformanceWorld, times: number, a: string, b: string, cycles: number) {
    const requests = this.recall<MixRequest[]>(MIX);
    const cycling = (async () => {
      for (let n = 0; n < cycles; n += 1) {
        for (const model of [a, b]) {
          const deleted = await this.api.request({ method: 'DELETE', path: `/v1/models/${model}`, token: this.token('admin') });
          assertSucceeds(this, deleted, 204, null, `DELETE /v1/models/${model} (cycle ${n})`);
        }
        for (const model of [a, b]) {
          const loaded = await this.api.request({ method: 'POST', path: '/v1/models', token: this.token('admin'), body: { manifestUrl: manifestUrlOf(this, model) } });
          assertSucceeds(this, loaded, 201, 'protocol/model', `reloading ${model} (cycle ${n})`);
        }
      }
    })();
    // Waves of `times` concurrent copies of the mix, one after another, until the cycles are done.
    const waves: MixOutcome[][][] = [];
    let done = false;
    void cycling.finally(() => (done = true)).catch(() => undefined);
    while (!done || waves.length === 0) waves.push(await sendConcurrently(this, requests, times));
    await cycling;
    this.remembered.set(OUTCOMES, requests.map((_, i) => waves.flatMap((w) => w[i] ?? [])));
  },
);

function serialFor(world: ConformanceWorld): (i: number, outcome: MixOutcome) => unknown {
  const serial = world.recall<Map<string, unknown[]>>(SERIAL);
  return (i, outcome) => {
    const seed = (outcome.body as { seed?: string }).seed ?? '';
    const bySeed = serial.get(NO_OVERRIDE) ?? serial.get(seed);
    assert.ok(bySeed !== undefined, `a result reports the seed ${seed}, which neither of the alternating seeds is`);
    return bySeed[i];
  };
}

Then('every response of the mix is identical to its serial result', function (this: ConformanceWorld) {
  none(compareWithSerial(this.recall(MIX), this.recall(OUTCOMES), serialFor(this)), 'concurrent results');
});

Then('every response of the mix is identical to its serial result under the seed it reports', function (this: ConformanceWorld) {
  const outcomes = this.recall<MixOutcome[][]>(OUTCOMES);
  const seeds = new Set(outcomes.flat().map((o) => (o.body as { seed?: string }).seed));
  this.attach(`seeds reported: ${[...seeds].join(', ')}`, 'text/plain');
  none(compareWithSerial(this.recall(MIX), outcomes, serialFor(this)), 'concurrent results under the seed they report');
});

Then('every response of the mix is its serial result or fails with E_MODEL_NOT_FOUND', function (this: ConformanceWorld) {
  const outcomes = this.recall<MixOutcome[][]>(OUTCOMES);
  const absent = outcomes.flat().filter((o) => o.status === 404).length;
  this.attach(`${outcomes.flat().length} responses, ${absent} of them E_MODEL_NOT_FOUND`, 'text/plain');
  none(compareWithSerial(this.recall(MIX), outcomes, serialFor(this), true), 'results racing loads and deletes');
});

When('the admin sends that forward request {int} times concurrently', async function (this: ConformanceWorld, times: number) {
  const call = lastForwardCall(this);
  const request: MixRequest = { label: `forward ${call.model}`, model: call.model, path: '/v1/forward', schema: 'protocol/forward-result', body: call };
  this.remembered.set(MIX, [request]);
  this.remembered.set(SERIAL, new Map([[NO_OVERRIDE, [lastForward(this)]]]));
  this.remembered.set(OUTCOMES, await sendConcurrently(this, [request], times));
});

Then('every concurrent response is identical to the serial result', function (this: ConformanceWorld) {
  none(compareWithSerial(this.recall(MIX), this.recall(OUTCOMES), serialFor(this)), 'concurrent copies');
});
