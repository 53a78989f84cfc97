// Tiered models under concurrency and failure (SPEC-024 to SPEC-027): concurrent forwards compared with recorded
// serial digests and counted against their traces, damaged cold copies (control API), and an archive the harness's
// own fixture server serves altered or not at all (restored after every scenario).
import assert from 'node:assert/strict';
import { After, Then, When } from '@cucumber/cucumber';
import type { HttpResponse } from '../driver/http-client.ts';
import type { ServedFixture } from '../fixtures/index.ts';
import type { ForwardResult } from '../support/checks/forward-result-checks.ts';
import { assertFailsWith, assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { servedFixtureNamed } from '../support/forward-models.ts';
import { fixtureServer } from '../support/models.ts';
import { sequenceFromWords } from '../support/words/forward-words.ts';
import { expertRequestsOf, expertsByLayer, type TierDocument } from '../support/tiers/tier-checks.ts';
import { fetchListing, fetchTierDocument, forwardTraced, recordedDigests, session } from '../support/tiers/tier-session.ts';
import type { ConformanceWorld } from '../support/world.ts';

interface Outcome {
  readonly words: string;
  readonly response: HttpResponse;
}

const OUTCOMES = 'concurrent tier outcomes';
const DAMAGED = 'damaged expert';
const DOC_BEFORE = 'tier document before the failure';
const REPLACED = 'fixtures replaced by this scenario';

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 25).join('\n')}`);
}

async function sendConcurrently(world: ConformanceWorld, list: readonly string[]): Promise<Outcome[]> {
  const s = session(world);
  const token = world.token('admin');
  return Promise.all(list.map(async (words) => {
    const body = { model: s.descriptor.name, sequences: [sequenceFromWords(words, s.descriptor)], trace: true };
    return { words, response: await world.api.request({ method: 'POST', path: '/v1/forward', token, body }) };
  }));
}

/** Each outcome must be a 200 whose result carries the recorded digest of its sequence. */
function checkSucceeded(world: ConformanceWorld, outcomes: readonly Outcome[]): string[] {
  const book = recordedDigests(world);
  const problems: string[] = [];
  for (const { words, response } of outcomes) {
    if (response.status !== 200) {
      problems.push(`"${words}": ${response.status} ${response.text.slice(0, 200)}`);
      continue;
    }
    const result = world.api.validate<ForwardResult>(response, 'protocol/forward-result', `POST /v1/forward "${words}"`);
    if (result.digest !== book.get(words)) problems.push(`"${words}": digest ${result.digest}, recorded ${book.get(words) ?? 'nothing'}`);
  }
  return problems;
}

When('the sequences {string} are forwarded through the tiered model concurrently, {int} times each', async function (this: ConformanceWorld, list: string, times: number) {
  const each = list.split(',').map((w) => w.trim());
  const outcomes = await sendConcurrently(this, Array.from({ length: times }, () => each).flat());
  countSucceeded(this, outcomes);
  this.remembered.set(OUTCOMES, outcomes);
});

/** Checks each 200 outcome against its schema and counts its expert requests in the session (SPEC-023 §4.2). */
function countSucceeded(world: ConformanceWorld, outcomes: readonly Outcome[]): void {
  const s = session(world);
  for (const { words, response } of outcomes) {
    if (response.status !== 200) continue;
    const result = world.api.validate<ForwardResult>(response, 'protocol/forward-result', `POST /v1/forward "${words}"`);
    s.expertRequests += expertRequestsOf(expertsByLayer(result, s.descriptor.layers));
  }
}

Then('every concurrent request answered the recorded digests of its sequence', function (this: ConformanceWorld) {
  none(checkSucceeded(this, this.recall<Outcome[]>(OUTCOMES)), 'concurrent requests that differ from serial execution');
});

Then('the archive misses equal the distinct experts the concurrent requests used, hot hits and coalesced loads the rest', async function (this: ConformanceWorld) {
  const s = session(this);
  const outcomes = this.recall<Outcome[]>(OUTCOMES);
  none(checkSucceeded(this, outcomes), 'concurrent requests that differ from serial execution');
  const distinct = new Set<string>();
  let requests = 0;
  for (const { response } of outcomes) {
    const byLayer = expertsByLayer(response.json as ForwardResult, s.descriptor.layers);
    byLayer.forEach((ids, layer) => ids.forEach((id) => distinct.add(`${layer}/${id}`)));
    requests += expertRequestsOf(byLayer);
  }
  const { counters } = await fetchTierDocument(this, s.descriptor.name);
  this.attach(`${outcomes.length} requests, ${requests} expert requests, ${distinct.size} distinct experts, ${counters.coalesced} coalesced`, 'text/plain');
  assert.equal(counters.misses, distinct.size, 'misses: each expert loaded once');
  assert.equal(counters.hits.hot + counters.coalesced, requests - distinct.size, 'hot hits and coalesced loads');
});

When('the cold copy of an expert that only {string} uses is damaged by {string}', async function (this: ConformanceWorld, only: string, damage: string) {
  const s = session(this);
  const usedBy = (words: string) => new Set(s.observations.filter((o) => o.words === words).flatMap((o) => o.byLayer.flatMap((ids, layer) => ids.map((id) => `${layer}/${id}`))));
  const others = new Set(s.observations.filter((o) => o.words !== only).flatMap((o) => [...usedBy(o.words)]));
  const candidates = [...usedBy(only)].filter((key) => !others.has(key)).map((key) => key.split('/').map(Number) as [number, number]);
  candidates.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.ok(candidates.length > 0, `no expert is used by "${only}" alone among the forwarded sequences`);
  const [layer, expert] = candidates[0]!;
  this.remembered.set(DAMAGED, { layer, expert });
  this.remembered.set(DOC_BEFORE, await fetchTierDocument(this, s.descriptor.name));
  const response = await this.api.request({ method: 'POST', path: `/v1/conformance/tiers/${s.descriptor.name}/damage`, token: this.token('admin'), body: { layer, expert, damage } });
  const body = assertSucceeds(this, response, 200, 'protocol/tier-damage-response', 'POST /v1/conformance/tiers/{model}/damage') as { damaged: boolean };
  assert.equal(body.damaged, true, `expert ${layer}/${expert} had no cold copy to damage`);
});

When('{string} is forwarded through the tiered model', async function (this: ConformanceWorld, words: string) {
  const s = session(this);
  await sendRecorded(this, { kind: 'admin' }, { method: 'POST', path: '/v1/forward', body: { model: s.descriptor.name, sequences: [sequenceFromWords(words, s.descriptor)], trace: true } });
});

When('{string} and the sequences {string} are forwarded through the tiered model concurrently', async function (this: ConformanceWorld, first: string, list: string) {
  const outcomes = await sendConcurrently(this, [first, ...list.split(',').map((w) => w.trim())]);
  countSucceeded(this, outcomes);
  this.remembered.set(OUTCOMES, outcomes);
});

Then('{string} failed with {word} and every other request answered the recorded digests of its sequence', function (this: ConformanceWorld, words: string, code: string) {
  const outcomes = this.recall<Outcome[]>(OUTCOMES);
  const failing = outcomes.filter((o) => o.words === words);
  for (const o of failing) assertFailsWith(this, code, o.response);
  none(checkSucceeded(this, outcomes.filter((o) => o.words !== words)), 'requests that do not need the damaged expert');
});

Then('{string} forwarded through the tiered model answers its recorded digest', async function (this: ConformanceWorld, words: string) {
  assert.equal((await forwardTraced(this, session(this).name, words)).digest, recordedDigests(this).get(words));
});

Then('the damaged expert is listed nowhere and {int} integrity failure(s) is/are counted', async function (this: ConformanceWorld, failures: number) {
  const s = session(this);
  const { layer, expert } = this.recall<{ layer: number; expert: number }>(DAMAGED);
  const entry = (await fetchListing(this, s.descriptor.name)).find((e) => e.layer === layer && e.expert === expert);
  assert.equal(entry, undefined, `the damaged expert ${layer}/${expert} is still listed ${entry?.tier ?? ''}`);
  const before = this.recall<TierDocument>(DOC_BEFORE);
  const doc = await fetchTierDocument(this, s.descriptor.name);
  assert.equal(doc.counters.integrityFailures - before.counters.integrityFailures, failures, 'integrityFailures');
});

Then('the damaged expert came back from the archive with exactly {int} more miss(es)', async function (this: ConformanceWorld, misses: number) {
  const s = session(this);
  const { layer, expert } = this.recall<{ layer: number; expert: number }>(DAMAGED);
  const entry = (await fetchListing(this, s.descriptor.name)).find((e) => e.layer === layer && e.expert === expert);
  assert.ok(entry !== undefined, `expert ${layer}/${expert} is held by no tier after the retry`);
  const before = this.recall<TierDocument>(DOC_BEFORE);
  assert.equal((await fetchTierDocument(this, s.descriptor.name)).counters.misses - before.counters.misses, misses, 'misses');
});

Then('the runtime is ready with the tiered model loaded', async function (this: ConformanceWorld) {
  const state = await this.api.request({ method: 'GET', path: '/v1/state', token: this.token('admin') });
  assert.equal((assertSucceeds(this, state, 200, 'protocol/state', 'GET /v1/state') as { state: string }).state, 'ready');
  const id = session(this).descriptor.name;
  const model = await this.api.request({ method: 'GET', path: `/v1/models/${id}`, token: this.token('admin') });
  assertSucceeds(this, model, 200, 'protocol/model', `GET /v1/models/${id}`);
});

/** Each binary32 value's lowest mantissa bit flipped; the header (and so the container) left intact. */
function altered(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const dataStart = 8 + Number(new DataView(out.buffer).getBigUint64(0, true));
  for (let i = dataStart; i < out.length; i += 4) out[i]! ^= 0x01;
  return out;
}

When('the fixture server serves the layer shards of {string} {word}', async function (this: ConformanceWorld, name: string, how: string) {
  const original = servedFixtureNamed(name);
  const replaced = this.remembered.has(REPLACED) ? this.recall<ServedFixture[]>(REPLACED) : [];
  if (!replaced.some((f) => f.name === name)) replaced.push(original);
  this.remembered.set(REPLACED, replaced);
  this.remembered.set(DOC_BEFORE, await fetchTierDocument(this, session(this).descriptor.name));
  const isLayer = (path: string) => path.startsWith('layer-');
  const shards = original.shards.map((shard) => {
    if (!isLayer(shard.path) || how === 'again') return shard;
    if (how === 'altered') return { ...shard, bytes: altered(shard.bytes) };
    if (how === 'missing') return { ...shard, missing: true };
    throw new Error(`"${how}" is not altered, missing or again`);
  });
  fixtureServer(this).serve({ ...original, shards });
});

Then('more archive failures are counted than before', async function (this: ConformanceWorld) {
  const before = this.recall<TierDocument>(DOC_BEFORE);
  const doc = await fetchTierDocument(this, session(this).descriptor.name);
  assert.ok(doc.counters.archiveFailures > before.counters.archiveFailures, `archiveFailures ${doc.counters.archiveFailures}, before ${before.counters.archiveFailures}`);
});

// A scenario that replaced what the fixture server serves puts the original back, whatever its outcome.
After(function (this: ConformanceWorld) {
  if (!this.remembered.has(REPLACED)) return;
  for (const fixture of this.recall<ServedFixture[]>(REPLACED)) fixtureServer(this).serve(fixture);
});
