// Racing loads (SPEC-008 §4.3, SPEC-006 §4.2). Loads go through the slow fixture proxy, whose shards answer late,
// so that concurrent loads overlap and observers poll while shards are still being fetched.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { Then, When } from '@cucumber/cucumber';
import type { HttpResponse } from '../driver/http-client.ts';
import { checkMemoryDocument, type MemoryDocument } from '../support/checks/memory-checks.ts';
import { assertSucceeds } from '../support/exchanges.ts';
import { descriptorNamed, modelIdOf, servedFixtureNamed } from '../support/forward-models.ts';
import { sha256Hex } from '../oracle/index.ts';
import { fetchModelList, type ModelObject } from '../support/models.ts';
import { slowFixtureProxy } from '../support/transport/slow-fixture-proxy.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { fetchMemory } from './memory-steps.ts';

interface LoadOutcome {
  readonly name: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly model: ModelObject | undefined;
}

async function slowLoad(world: ConformanceWorld, name: string): Promise<LoadOutcome> {
  const proxy = await slowFixtureProxy(world.params.fixtureBaseUrl);
  const response: HttpResponse = await world.api.request({ method: 'POST', path: '/v1/models', token: world.token('admin'), body: { manifestUrl: proxy.manifestUrl(name) } });
  const body = world.api.validate<ModelObject & { error?: { code: string } }>(response, 'protocol/model', `loading ${name}`);
  return { name, status: response.status, code: body.error?.code, model: response.status < 300 ? body : undefined };
}

async function reset(world: ConformanceWorld): Promise<void> {
  const response = await world.api.request({ method: 'POST', path: '/v1/conformance/reset', token: world.token('admin') });
  assertSucceeds(world, response, 200, 'protocol/reset-response', 'POST /v1/conformance/reset');
}

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 20).join('\n')}`);
}

When('{int} loads of the conformance model {string} are sent concurrently', async function (this: ConformanceWorld, n: number, name: string) {
  this.remembered.set('racing loads', await Promise.all(Array.from({ length: n }, () => slowLoad(this, name))));
});

Then('exactly one load answered 201 and every other 200, all with the same Model', function (this: ConformanceWorld) {
  const outcomes = this.recall<LoadOutcome[]>('racing loads');
  const statuses = outcomes.map((o) => o.status).sort();
  assert.deepEqual(statuses, [201, ...new Array<number>(outcomes.length - 1).fill(200)].sort(), `statuses ${statuses.join(', ')}`);
  const first = outcomes[0]?.model;
  outcomes.forEach((o, i) => assert.deepEqual(o.model, first, `load ${i} answered another Model`));
});

interface ConflictRound {
  readonly outcomes: LoadOutcome[];
  readonly loadedDigest: string;
}

When(
  '{int} loads each of the conformance models {string} and {string} are sent concurrently, {int} times',
  async function (this: ConformanceWorld, n: number, a: string, b: string, times: number) {
    const rounds: ConflictRound[] = [];
    for (let round = 0; round < times; round += 1) {
      if (round > 0) await reset(this);
      // Interleaved, so neither manifest has a head start.
      const outcomes = await Promise.all(Array.from({ length: 2 * n }, (_, i) => slowLoad(this, i % 2 === 0 ? a : b)));
      const list = await fetchModelList(this);
      assert.equal(list.length, 1, `round ${round}: ${list.length} models listed`);
      rounds.push({ outcomes, loadedDigest: list[0]?.manifestDigest ?? '' });
    }
    this.remembered.set('conflict rounds', rounds);
  },
);

Then(
  'each time every load of one manifest succeeded and every load of the other failed with E_MODEL_CONFLICT',
  function (this: ConformanceWorld) {
    const problems = this.recall<ConflictRound[]>('conflict rounds').flatMap((round, r) => {
      const names = [...new Set(round.outcomes.map((o) => o.name))];
      const succeeded = names.filter((name) => round.outcomes.filter((o) => o.name === name).every((o) => o.status === 200 || o.status === 201));
      const refused = names.filter((name) => round.outcomes.filter((o) => o.name === name).every((o) => o.status === 409 && o.code === 'E_MODEL_CONFLICT'));
      const created = round.outcomes.filter((o) => o.status === 201).length;
      return succeeded.length === 1 && refused.length === 1 && created === 1
        ? []
        : [`round ${r}: ${round.outcomes.map((o) => `${o.name} ${o.status}`).join(', ')}`];
    });
    none(problems, 'racing manifests of one id');
  },
);

Then('each time the loaded cm-small carried the digest of the manifest whose loads succeeded', function (this: ConformanceWorld) {
  const problems = this.recall<ConflictRound[]>('conflict rounds').flatMap((round, r) => {
    const winner = round.outcomes.find((o) => o.status === 201)?.name ?? '';
    const digest = sha256Hex(servedFixtureNamed(winner).manifestBytes);
    return round.loadedDigest === digest ? [] : [`round ${r}: ${winner} won, the loaded digest is ${round.loadedDigest}`];
  });
  none(problems, 'loaded digests');
});

When(
  '{string} and {string} are loaded concurrently under a budget of {int} bytes, {int} times',
  async function (this: ConformanceWorld, a: string, b: string, budget: number, times: number) {
    const rounds: { outcomes: LoadOutcome[]; memory: MemoryDocument; listed: ModelObject[] }[] = [];
    for (let round = 0; round < times; round += 1) {
      if (round > 0) await reset(this);
      const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/memory-budget', token: this.token('admin'), body: { bytes: budget } });
      assertSucceeds(this, response, 200, 'protocol/memory', 'PUT /v1/conformance/memory-budget');
      const outcomes = await Promise.all([slowLoad(this, round % 2 === 0 ? a : b), slowLoad(this, round % 2 === 0 ? b : a)]);
      rounds.push({ outcomes, memory: await fetchMemory(this), listed: await fetchModelList(this) });
    }
    this.remembered.set('budget rounds', rounds);
  },
);

Then(
  'each time exactly one load succeeded, the other failed with E_MEMORY_BUDGET, and memory listed only the winner',
  function (this: ConformanceWorld) {
    const rounds = this.recall<{ outcomes: LoadOutcome[]; memory: MemoryDocument; listed: ModelObject[] }[]>('budget rounds');
    const problems = rounds.flatMap(({ outcomes, memory, listed }, r) => {
      const won = outcomes.filter((o) => o.status === 201);
      const lost = outcomes.filter((o) => o.status === 507 && o.code === 'E_MEMORY_BUDGET');
      const where = `round ${r} (${outcomes.map((o) => `${o.name} ${o.status}`).join(', ')})`;
      if (won.length !== 1 || lost.length !== 1) return [`${where}: not one success and one E_MEMORY_BUDGET`];
      const ids = memory.models.map((m) => m.id);
      const out = isDeepStrictEqual(ids, [modelIdOf(won[0]?.name ?? '')]) ? [] : [`${where}: memory lists ${ids.join(', ')}`];
      return out.concat(checkMemoryDocument(memory, listed).map((p) => `${where}: ${p}`));
    });
    none(problems, 'concurrent loads under a budget');
  },
);

interface Poll {
  readonly listed: string[];
  readonly accounted: string[];
  readonly counted: number;
  readonly served: number[];
}

When(
  '{string} and {string} are loaded concurrently with {string} and {string} while the inventory is polled',
  async function (this: ConformanceWorld, bad1: string, bad2: string, good1: string, good2: string) {
    const token = this.token('admin');
    const loads = Promise.all([bad1, good1, bad2, good2].map((name) => slowLoad(this, name)));
    let done = false;
    void loads.finally(() => (done = true)).catch(() => undefined);
    const polls: Poll[] = [];
    const probe = async (name: string) => {
      const d = descriptorNamed(name);
      const response = await this.api.request({ method: 'POST', path: '/v1/route', token, body: { model: modelIdOf(name), layer: 0, hidden: [new Array<number>(d.dModel).fill(0)] } });
      return response.status;
    };
    while (!done || polls.length < 3) {
      const [list, memory, state] = await Promise.all([
        fetchModelList(this),
        fetchMemory(this),
        this.api.request({ method: 'GET', path: '/v1/state', token }).then((r) => this.api.validate<{ models: number }>(r, 'protocol/state', 'GET /v1/state')),
      ]);
      polls.push({ listed: list.map((m) => m.id), accounted: memory.models.map((m) => m.id), counted: state.models, served: [await probe(bad1), await probe(bad2)] });
    }
    this.remembered.set('inventory polls', { polls, outcomes: await loads, bad: [bad1, bad2] });
  },
);

Then('no poll listed, counted or served {string} or {string}', function (this: ConformanceWorld, bad1: string, bad2: string) {
  const { polls } = this.recall<{ polls: Poll[] }>('inventory polls');
  this.attach(`${polls.length} polls while the loads ran`, 'text/plain');
  const problems = polls.flatMap((p, i) => {
    const seen = [bad1, bad2].filter((name) => p.listed.includes(name) || p.accounted.includes(name));
    const out = seen.map((name) => `poll ${i}: ${name} listed or accounted`);
    if (p.counted > 2) out.push(`poll ${i}: GET /v1/state counts ${p.counted} models, only two loads can succeed`);
    if (p.served.some((status) => status !== 404)) out.push(`poll ${i}: a route through a failing model answered ${p.served.join(', ')}`);
    return out;
  });
  none(problems, 'failing loads seen by observers');
});

Then('{string} failed with {word} and {string} with {word}', function (this: ConformanceWorld, a: string, codeA: string, b: string, codeB: string) {
  const { outcomes } = this.recall<{ outcomes: LoadOutcome[] }>('inventory polls');
  for (const [name, code] of [[a, codeA], [b, codeB]] as const) {
    const outcome = outcomes.find((o) => o.name === name);
    assert.equal(outcome?.code, code, `${name} answered ${outcome?.status} ${outcome?.code ?? ''}`);
  }
  assert.ok(outcomes.filter((o) => o.status === 201).length === 2, 'the two good loads did not both succeed');
});
