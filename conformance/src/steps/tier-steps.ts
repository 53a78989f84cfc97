// Tiered models (SPEC-021 to SPEC-027): loads with tier budgets, the tier document and residency listing, serial
// forward traces compared with the placement oracle (conformance/src/oracle/tier-policy.ts), the resident charge,
// the procedural built-ins, pins and the evict-memory control route. Failures and concurrency: tier-failure-steps.ts.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { modelParameterCount } from '../oracle/index.ts';
import { assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { fetchModel } from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import { checkBounds, checkIdentities, compareCounters, compareFigures, compareResidency, type ListedExpert, type TierDocument } from '../support/tiers/tier-checks.ts';
import {
  budgetsFor, expertBytesOf, expertsPerLayer, parseBudgetWords, PROCEDURAL_PARAMETERS, proceduralDescriptor, proceduralDigest, tieredCharge,
} from '../support/tiers/tier-models.ts';
import {
  expertFileBytes, fetchListing, fetchTierDocument, forwardSerially, loadBody, recordDigests, recordedDigests, session, stagedAtLoad, startSession,
  tierDescriptorOf,
} from '../support/tiers/tier-session.ts';
import type { ConformanceWorld } from '../support/world.ts';

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 25).join('\n')}`);
}

const words = (e: ListedExpert): string => `${e.layer}/${e.expert}:${e.tier}${e.pinned ? '*' : ''}`;

Given('the model {string} is loaded tiered with {string}', async function (this: ConformanceWorld, name: string, budgets: string) {
  await startSession(this, name, budgets);
});

Given('the expert file size of {string} is known', async function (this: ConformanceWorld, name: string) {
  await expertFileBytes(this, name);
});

Given('the resident digests of {string} for the sequences {string} are recorded', async function (this: ConformanceWorld, name: string, list: string) {
  await recordDigests(this, name, list);
});

Given(
  'the digests of {string} tiered with {string} for {string} are recorded',
  async function (this: ConformanceWorld, name: string, budgets: string, list: string) {
    await recordDigests(this, name, list, budgetsFor(parseBudgetWords(budgets), tierDescriptorOf(name)));
  },
);

When('{principal} loads {string} tiered with {string}', async function (this: ConformanceWorld, who: Principal, name: string, budgets: string) {
  const body = loadBody(this, name, budgetsFor(parseBudgetWords(budgets), tierDescriptorOf(name)));
  await sendRecorded(this, who, { method: 'POST', path: '/v1/models', body });
});

When('the sequences {string} are forwarded through the tiered model one request at a time', async function (this: ConformanceWorld, list: string) {
  await forwardSerially(this, list);
});

Then('every request answered the recorded digests of its sequence', function (this: ConformanceWorld) {
  const book = recordedDigests(this);
  const problems = session(this).observations
    .filter((o) => o.result.digest !== book.get(o.words))
    .map((o) => `"${o.words}": ${o.result.digest}, recorded ${book.get(o.words) ?? 'nothing'}`);
  none(problems, 'digests that differ from the recorded ones');
});

Then('after every request the residency listing and the experts per tier are those the placement oracle predicts', function (this: ConformanceWorld) {
  const problems = session(this).observations.flatMap((o, i) => [
    ...compareResidency(o.listing, o.predicted.listing).map((p) => `after request ${i} ("${o.words}"): ${p}`),
    ...compareFigures(o.doc, o.predicted.figures).map((p) => `after request ${i} ("${o.words}"): ${p}`),
  ]);
  none(problems, 'placement differs from SPEC-022');
});

Then('after every request the counters are those the placement oracle predicts', function (this: ConformanceWorld) {
  const last = session(this).observations.at(-1);
  if (last !== undefined) this.attach(`predicted at the end: ${JSON.stringify(last.predicted.figures.counters)}`, 'text/plain');
  const problems = session(this).observations.flatMap((o, i) => compareCounters(o.doc.counters, o.predicted.figures.counters).map((p) => `after request ${i} ("${o.words}"): ${p}`));
  none(problems, 'counters that differ from SPEC-023 §4.2 for this trace');
});

Then('the tier document and listing of the tiered model satisfy the bounds and identities of SPEC-023', async function (this: ConformanceWorld) {
  const s = session(this);
  const doc = await fetchTierDocument(this, s.descriptor.name);
  none(checkBounds(doc, await fetchListing(this, s.descriptor.name)), 'bounds of SPEC-023 §4.1');
  none(checkIdentities(doc, s.expertRequests), 'identities of SPEC-023 §4.2 and §4.3');
});

Then('the tier document of the tiered model reports its budgets, expert size, experts, {int} slots and archive {string}', async function (this: ConformanceWorld, slots: number, archive: string) {
  const s = session(this);
  const doc = await fetchTierDocument(this, s.descriptor.name);
  const d = s.descriptor;
  assert.deepEqual(
    { model: doc.model, archive: doc.archive, expertBytes: doc.expertBytes, experts: doc.experts, slots: doc.hot.slots },
    { model: d.name, archive, expertBytes: expertBytesOf(d), experts: d.layers * expertsPerLayer(d), slots },
  );
  assert.equal(slots, Math.floor(s.budgets.hotBytes / expertBytesOf(d)), 'the scenario expects floor(hotBytes / expertBytes) slots');
  assert.deepEqual([doc.hot.budgetBytes, doc.warm.budgetBytes, doc.cold.budgetBytes], [s.budgets.hotBytes, s.budgets.warmBytes, s.budgets.coldBytes], 'budgets');
});

Then('the tier document of {string} reports every expert hot and pinned', async function (this: ConformanceWorld, name: string) {
  const d = tierDescriptorOf(name);
  const all = d.layers * expertsPerLayer(d);
  const doc = await fetchTierDocument(this, d.name);
  assert.deepEqual(
    { archive: doc.archive, experts: doc.experts, hot: doc.hot, warmExperts: doc.warm.experts, coldExperts: doc.cold.experts },
    { archive: 'resident', experts: all, hot: { budgetBytes: all * expertBytesOf(d), usedBytes: all * expertBytesOf(d), experts: all, slots: all, pinned: all }, warmExperts: 0, coldExperts: 0 },
  );
  const listing = await fetchListing(this, d.name);
  assert.equal(listing.length, all, 'every expert is listed');
  assert.ok(listing.every((e) => e.tier === 'hot' && e.pinned), 'every expert is listed hot and pinned');
});

Then('right after the load no expert is hot or warm and the cold tier holds the experts SPEC-021 stages', async function (this: ConformanceWorld) {
  const s = session(this);
  const listing = await fetchListing(this, s.descriptor.name);
  const expected = s.oracle.residency();
  assert.ok(expected.every((e) => e.tier === 'cold'), 'the oracle stages cold only');
  none(compareResidency(listing, expected), `the listing after the load (${listing.length} experts, ${stagedAtLoad(s.name, Infinity).length} in the model)`);
});

Then('the memory document charges the tiered model its resident charge', async function (this: ConformanceWorld) {
  const s = session(this);
  const response = await this.api.request({ method: 'GET', path: '/v1/memory', token: this.token('admin') });
  const memory = assertSucceeds(this, response, 200, 'protocol/memory', 'GET /v1/memory') as { models: { id: string; bytes: number }[] };
  const entry = memory.models.find((m) => m.id === s.descriptor.name);
  assert.equal(entry?.bytes, tieredCharge(s.descriptor, s.budgets), 'the resident charge of SPEC-021 §4.3');
  assert.equal((await fetchModel(this, s.descriptor.name)).parameters, modelParameterCount(s.descriptor), 'the Model reports every parameter');
});

Then('the Model {string} is the procedural model of SPEC-021 with archive {string} and no expert held', async function (this: ConformanceWorld, name: string, archive: string) {
  const model = await fetchModel(this, name);
  assert.deepEqual(model.descriptor, proceduralDescriptor(name), 'the descriptor of SPEC-021 §4.5');
  assert.equal(model.manifestDigest, proceduralDigest(name));
  assert.equal(model.parameters, PROCEDURAL_PARAMETERS[name]);
  assert.equal(model.parameters, modelParameterCount(proceduralDescriptor(name)), 'SPEC-004 §4.4 applied to the descriptor');
  const doc = await fetchTierDocument(this, name);
  assert.equal(doc.archive, archive);
  assert.deepEqual([doc.hot.experts, doc.warm.experts, doc.cold.experts], [0, 0, 0], 'experts held right after the load');
  assert.deepEqual(await fetchListing(this, name), []);
});

Then('the experts held hot are exactly those the traces show, and {word} counts each once', async function (this: ConformanceWorld, counter: string) {
  const s = session(this);
  const used = new Set<string>();
  for (const o of s.observations) o.byLayer.forEach((ids, layer) => ids.forEach((id) => used.add(`${layer}/${id}`)));
  const listing = await fetchListing(this, s.descriptor.name);
  const hot = listing.filter((e) => e.tier === 'hot').map((e) => `${e.layer}/${e.expert}`);
  assert.deepEqual(hot.sort(), [...used].sort(), 'hot experts against the traces');
  assert.ok(listing.every((e) => e.tier !== 'warm'), 'nothing warm');
  const doc = await fetchTierDocument(this, s.descriptor.name);
  const value = counter === 'misses' ? doc.counters.misses : counter === 'hits.cold' ? doc.counters.hits.cold : Number.NaN;
  assert.equal(value, used.size, `${counter} against the distinct experts used`);
});

When('{principal} pins expert {int} of layer {int} of the tiered model', async function (this: ConformanceWorld, who: Principal, expert: number, layer: number) {
  await pinRequest(this, who, 'PUT', `${layer}/${expert}`);
  if (this.last.status === 204) session(this).oracle.pin({ layer, expert });
});

When('{principal} unpins expert {int} of layer {int} of the tiered model', async function (this: ConformanceWorld, who: Principal, expert: number, layer: number) {
  await pinRequest(this, who, 'DELETE', `${layer}/${expert}`);
  if (this.last.status === 204) session(this).oracle.unpin({ layer, expert });
});

When('{principal} sends {word} for the pin path {string} of the tiered model', async function (this: ConformanceWorld, who: Principal, method: string, path: string) {
  await pinRequest(this, who, method, path);
});

async function pinRequest(world: ConformanceWorld, who: Principal, method: string, coordinates: string): Promise<void> {
  const id = session(world).descriptor.name;
  world.remembered.set('listing before the pin request', (await fetchListing(world, id)).map(words));
  await sendRecorded(world, who, { method, path: `/v1/tiers/${id}/pins/${coordinates}` });
}

Then('the residency listing of the tiered model is unchanged', async function (this: ConformanceWorld) {
  const listing = (await fetchListing(this, session(this).descriptor.name)).map(words);
  assert.deepEqual(listing, this.recall<string[]>('listing before the pin request'));
});

Then('expert {int} of layer {int} is listed {word}', async function (this: ConformanceWorld, expert: number, layer: number, state: string) {
  const entry = (await fetchListing(this, session(this).descriptor.name)).find((e) => e.layer === layer && e.expert === expert);
  const seen = entry === undefined ? 'absent' : entry.pinned ? 'pinned' : entry.tier;
  if (state === 'unpinned') assert.ok(seen !== 'pinned' && seen !== 'absent', `expert ${layer}/${expert} is ${seen}`);
  else assert.equal(seen, state, `expert ${layer}/${expert}`);
});

When('the memory tiers of the tiered model are evicted', async function (this: ConformanceWorld) {
  const id = session(this).descriptor.name;
  this.remembered.set('tier document before evict-memory', await fetchTierDocument(this, id));
  this.remembered.set('listing before evict-memory', await fetchListing(this, id));
  const response = await this.api.request({ method: 'POST', path: `/v1/conformance/tiers/${id}/evict-memory`, token: this.token('admin') });
  assertSucceeds(this, response, 204, null, `POST /v1/conformance/tiers/${id}/evict-memory`);
  session(this).oracle.evictMemory();
  this.remembered.set('requests before evict-memory', session(this).observations.length);
});

Then('the requests after the eviction were served from the cold tier without an archive miss', function (this: ConformanceWorld) {
  const { observations } = session(this);
  const mark = this.recall<number>('requests before evict-memory');
  assert.ok(mark > 0 && observations.length > mark, 'requests are needed before and after the eviction');
  const before = observations[mark - 1]!.doc.counters;
  const after = observations.at(-1)!.doc.counters;
  assert.equal(after.misses, before.misses, 'archive misses after the eviction');
  assert.ok(after.hits.cold > before.hits.cold, 'no cold hit after the eviction');
});

Given(
  'the memory budget is set to the resident charge of {string} tiered with {string} plus {int} byte(s)',
  async function (this: ConformanceWorld, name: string, budgets: string, plus: number) {
    const d = tierDescriptorOf(name);
    const bytes = tieredCharge(d, budgetsFor(parseBudgetWords(budgets), d)) + plus;
    const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/memory-budget', token: this.token('admin'), body: { bytes } });
    assertSucceeds(this, response, 200, 'protocol/memory', 'PUT /v1/conformance/memory-budget');
  },
);

Then('no expert is warm and none hot but the pinned ones, the cold tier and counters unchanged', async function (this: ConformanceWorld) {
  const id = session(this).descriptor.name;
  const before = this.recall<TierDocument>('tier document before evict-memory');
  const listed = this.recall<ListedExpert[]>('listing before evict-memory');
  const doc = await fetchTierDocument(this, id);
  const listing = await fetchListing(this, id);
  assert.deepEqual(listing.filter((e) => e.tier !== 'cold').map(words), listed.filter((e) => e.pinned).map(words), 'only pinned experts stay hot; nothing warm');
  assert.deepEqual([doc.warm.experts, doc.hot.experts], [0, before.hot.pinned]);
  assert.deepEqual(doc.cold, before.cold, 'the cold tier');
  assert.deepEqual(doc.counters, before.counters, 'the counters');
});
