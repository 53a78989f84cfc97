// The telemetry model (SPEC-049): GET /metrics read with the harness's own strict reader of the Prometheus text
// format, counters and histogram counts compared before and after generations served one at a time with what those
// generations reported, route labels, tenant data searched for in the exposition, and generation traces.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { HttpResponse } from '../driver/http-client.ts';
import { parsePrometheusText, valueOf, type Exposition } from '../driver/prometheus-text.ts';
import { BUCKET_BOUNDS, expectedCounterMoves, expectedHistogramMoves, type ExpectedMove, type ReportedGeneration } from '../oracle/telemetry-model.ts';
import { assertFailsWith, assertSucceeds } from '../support/exchanges.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

interface GenerationRecord extends ReportedGeneration {
  readonly owner: string;
  readonly id: string;
}

interface TraceSpan {
  name: string;
  start: number;
  end: number | null;
  computedTokens?: number;
  cachedTokens?: number;
  tokens?: number;
}

interface Trace {
  id: string;
  status: string;
  finishReason: string | null;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  spans: TraceSpan[];
}

const GENERATIONS = 'telemetry generations';
const SCRAPES = 'telemetry scrapes';
const TRACED = 'telemetry traced generation';
const GENERATION_MODEL = 'default';
/** Well-formed and never issued: the answer for it is the answer for an absent generation. */
const UNKNOWN_GENERATION_ID = 'gen-000000000000000000000000';

function ownerOf(principal: Principal): string {
  return principal.kind === 'tenant' ? principal.name : principal.kind;
}

function generations(world: ConformanceWorld): GenerationRecord[] {
  if (!world.remembered.has(GENERATIONS)) world.remembered.set(GENERATIONS, []);
  return world.recall<GenerationRecord[]>(GENERATIONS);
}

function scrapes(world: ConformanceWorld): Exposition[] {
  if (!world.remembered.has(SCRAPES)) world.remembered.set(SCRAPES, []);
  return world.recall<Exposition[]>(SCRAPES);
}

/** Prompts separated by " ; ", each sent as its UTF-8 bytes (the byte tokenizer of SPEC-043), one at a time. */
async function generateEach(world: ConformanceWorld, who: Principal, prompts: string, maxTokens: number): Promise<void> {
  for (const text of prompts.split(' ; ')) {
    const prompt = [...Buffer.from(text, 'utf8')];
    const response = await world.api.request({ method: 'POST', path: '/v1/generate', body: { model: GENERATION_MODEL, prompt, maxTokens }, ...credentialOf(world, who) });
    const result = assertSucceeds(world, response, 200, 'protocol/generation-result', 'POST /v1/generate') as Omit<GenerationRecord, 'owner'>;
    generations(world).push({ owner: ownerOf(who), id: result.id, finishReason: result.finishReason, usage: result.usage, timing: result.timing });
  }
}

Given('{principal} generated from {string} with maxTokens {int}', async function (this: ConformanceWorld, who: Principal, prompts: string, maxTokens: number) {
  await generateEach(this, who, prompts, maxTokens);
});

When('{principal} generates from {string} with maxTokens {int}', async function (this: ConformanceWorld, who: Principal, prompts: string, maxTokens: number) {
  await generateEach(this, who, prompts, maxTokens);
});

const IDLE_POLLS = 200;
const IDLE_POLL_MS = 50;

/**
 * Exact moves need a quiet runtime: generations another scenario left queued or running must finish before the
 * baseline scrape. Waits until the scheduler control route reports nothing queued or running.
 */
async function awaitIdleScheduler(world: ConformanceWorld): Promise<void> {
  for (let poll = 0; poll < IDLE_POLLS; poll += 1) {
    const response = await world.api.request({ method: 'GET', path: '/v1/conformance/scheduler', token: world.token('admin') });
    const state = assertSucceeds(world, response, 200, 'protocol/scheduler-state', 'GET /v1/conformance/scheduler') as { queued: number; running: number };
    if (state.queued === 0 && state.running === 0) return;
    await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
  }
  throw new Error('the scheduler still had generations queued or running after 10 s');
}

async function scrape(world: ConformanceWorld, who: Principal): Promise<void> {
  if (who.kind === 'admin') await awaitIdleScheduler(world);
  world.last = await world.api.request({ method: 'GET', path: '/metrics', ...credentialOf(world, who) });
  if (world.last.status === 200) scrapes(world).push(parsePrometheusText(world.last.text));
}

// Scrapes are kept in order: a step comparing moves reads the first against the last.
Given('{principal} scrapes the metrics', async function (this: ConformanceWorld, who: Principal) {
  await scrape(this, who);
});

When('{principal} scrapes the metrics again', async function (this: ConformanceWorld, who: Principal) {
  await scrape(this, who);
});

function lastScrape(world: ConformanceWorld): Exposition {
  const all = scrapes(world);
  const last = all[all.length - 1];
  if (last === undefined) throw new Error(`no scrape succeeded: the last answer was ${world.last.status} ${world.last.text.slice(0, 300)}`);
  return last;
}

function noProblems(exposition: Exposition, filter: (problem: string) => boolean = () => true): void {
  const problems = exposition.problems.filter(filter);
  assert.deepEqual(problems, [], `the exposition breaks the text format:\n${problems.slice(0, 20).join('\n')}`);
}

Then('the answer is Prometheus text 0.0.4 that the strict reader accepts without a problem', function (this: ConformanceWorld) {
  assert.equal(this.last.status, 200, `GET /metrics answered ${this.last.status}: ${this.last.text.slice(0, 300)}`);
  const [mediaType, ...parameters] = (this.last.headers.get('content-type') ?? '').split(';').map((p) => p.trim().toLowerCase());
  assert.equal(mediaType, 'text/plain', `Content-Type is ${this.last.headers.get('content-type')}`);
  assert.ok(parameters.includes('version=0.0.4'), `Content-Type ${this.last.headers.get('content-type')} does not name version=0.0.4`);
  for (const parameter of parameters) assert.match(parameter, /^(version=0\.0\.4|charset=utf-8)$/, `unexpected Content-Type parameter ${parameter}`);
  noProblems(lastScrape(this));
});

Then('the exposition holds these families with exactly these labels:', function (this: ConformanceWorld, table: DataTable) {
  const exposition = lastScrape(this);
  for (const row of table.hashes()) {
    const name = row.family ?? '';
    const family = exposition.families.get(name);
    assert.ok(family !== undefined, `the exposition has no family ${name}`);
    assert.equal(family.type, row.type, `${name} is typed ${String(family.type)}`);
    const want = (row.labels ?? '').split(',').map((l) => l.trim()).filter((l) => l !== '').sort();
    assert.ok(family.samples.length > 0, `${name} has no sample`);
    for (const sample of family.samples) {
      const labels = Object.keys(sample.labels).filter((l) => !(sample.name.endsWith('_bucket') && l === 'le')).sort();
      assert.deepEqual(labels, want, `${sample.name} carries labels {${labels.join(',')}}, SPEC-049 says {${want.join(',')}}`);
    }
  }
});

Then('{string} has a series for each {string} of {string}', function (this: ConformanceWorld, name: string, label: string, values: string) {
  const exposition = lastScrape(this);
  for (const value of values.split(',').map((v) => v.trim())) {
    assert.notEqual(valueOf(exposition, name, { [label]: value }), undefined, `${name} has no series with ${label}="${value}"`);
  }
});

Then('the histograms have exactly the bucket bounds of SPEC-049', function (this: ConformanceWorld) {
  const exposition = lastScrape(this);
  for (const [name, bounds] of Object.entries(BUCKET_BOUNDS)) {
    const family = exposition.families.get(name);
    assert.ok(family !== undefined, `the exposition has no family ${name}`);
    const bySeries = new Map<string, number[]>();
    for (const sample of family.samples.filter((s) => s.name === `${name}_bucket`)) {
      const { le, ...rest } = sample.labels;
      const key = JSON.stringify(rest);
      bySeries.set(key, [...(bySeries.get(key) ?? []), Number(le === '+Inf' ? Infinity : le)]);
    }
    assert.ok(bySeries.size > 0, `${name} has no bucket`);
    for (const [series, les] of bySeries) assert.deepEqual(les, [...bounds, Infinity], `${name}${series} has buckets ${les.join(', ')}`);
  }
});

function checkMoves(world: ConformanceWorld, moves: readonly ExpectedMove[]): void {
  const all = scrapes(world);
  assert.ok(all.length >= 2, 'two scrapes are needed to see a move');
  const before = all[0]!;
  const after = all[all.length - 1]!;
  const wrong: string[] = [];
  for (const move of moves) {
    // A series that does not exist yet has not counted anything: it starts at 0 (a counter's first increment creates it).
    const a = valueOf(before, move.sample, move.labels) ?? 0;
    const b = valueOf(after, move.sample, move.labels);
    const label = `${move.sample}${JSON.stringify(move.labels)}`;
    if (b === undefined) wrong.push(`${label} is missing from the last scrape`);
    else if (b - a !== move.by) wrong.push(`${label} moved by ${b - a}, expected ${move.by} (${a} -> ${b})`);
  }
  assert.deepEqual(wrong, [], wrong.join('\n'));
}

Then("the generation counters moved by exactly the generations' outcomes, usage and steps", function (this: ConformanceWorld) {
  checkMoves(this, expectedCounterMoves(generations(this)));
});

Then("the histogram counts moved by exactly the generations' tokens and steps", function (this: ConformanceWorld) {
  checkMoves(this, expectedHistogramMoves(generations(this)));
});

Then(
  '{string} with route {string}, method {string}, status {string} moved by {int}',
  function (this: ConformanceWorld, name: string, route: string, method: string, status: string, by: number) {
    checkMoves(this, [{ sample: name, labels: { route, method, status }, by }]);
  },
);

Then('every histogram series has cumulative buckets ending at +Inf equal to its count', function (this: ConformanceWorld) {
  for (const exposition of scrapes(this)) noProblems(exposition, (p) => /bucket|_count|_sum|histogram/.test(p));
});

function labelValues(exposition: Exposition): string[] {
  return [...exposition.families.values()].flatMap((f) => f.samples.flatMap((s) => Object.values(s.labels)));
}

Then('no label value of the exposition contains a generation id of this scenario', function (this: ConformanceWorld) {
  const ids = generations(this).map((g) => g.id);
  assert.ok(ids.length > 0, 'no generation ran');
  for (const exposition of scrapes(this)) {
    const leaking = labelValues(exposition).filter((value) => ids.some((id) => value.includes(id)));
    assert.deepEqual(leaking, [], `label values carry generation ids: ${leaking.join(', ')}`);
  }
});

Then('the exposition contains neither the name nor the token of tenant {string}', function (this: ConformanceWorld, tenant: string) {
  const text = this.last.text;
  assert.equal(this.last.status, 200);
  assert.ok(!text.includes(tenant), `the exposition contains the tenant name "${tenant}"`);
  assert.ok(!text.includes(this.token(tenant)), 'the exposition contains the tenant\'s token');
});

Then('the exposition contains neither the prompt {string} nor any generation id of this scenario', function (this: ConformanceWorld, prompt: string) {
  const text = this.last.text;
  const ids = [...Buffer.from(prompt, 'utf8')];
  assert.ok(!text.includes(prompt), 'the exposition contains the prompt text');
  assert.ok(!text.includes(ids.join(',')), 'the exposition contains the prompt token ids');
  for (const { id } of generations(this)) assert.ok(!text.includes(id), `the exposition contains the generation id ${id}`);
});

Then('the scrape fails with {word}', function (this: ConformanceWorld, code: string) {
  assertFailsWith(this, code);
});

async function readTrace(world: ConformanceWorld, who: Principal, owner: string): Promise<void> {
  const own = generations(world).filter((g) => g.owner === owner);
  const generation = own[own.length - 1];
  assert.ok(generation !== undefined, `${owner} has no generation in this scenario`);
  world.remembered.set(TRACED, generation);
  world.last = await world.api.request({ method: 'GET', path: `/v1/generations/${generation.id}/trace`, ...credentialOf(world, who) });
}

When('{principal} reads the trace of its last generation', async function (this: ConformanceWorld, who: Principal) {
  await readTrace(this, who, ownerOf(who));
});

When('{principal} reads the trace of the last generation of tenant {string}', async function (this: ConformanceWorld, who: Principal, tenant: string) {
  await readTrace(this, who, tenant);
});

Then("the trace has the spans queue, prefill and decode, contiguous, and agrees with the generation's result", function (this: ConformanceWorld) {
  const generation = this.recall<GenerationRecord>(TRACED);
  const trace = assertSucceeds(this, this.last, 200, 'protocol/generation-trace', 'GET /v1/generations/{id}/trace') as Trace;
  assert.equal(trace.id, generation.id);
  assert.deepEqual(trace.spans.map((s) => s.name), ['queue', 'prefill', 'decode'], 'the spans of a finished generation that sampled a token');
  trace.spans.forEach((span, i) => {
    assert.ok(span.end !== null && span.end >= span.start, `span ${span.name} ends at ${span.end} before it starts at ${span.start}`);
    if (i > 0) assert.equal(span.start, trace.spans[i - 1]!.end, `span ${span.name} does not start where ${trace.spans[i - 1]!.name} ended`);
  });
  const { usage } = generation;
  assert.deepEqual(
    [trace.status, trace.finishReason, trace.promptTokens, trace.cachedTokens, trace.completionTokens],
    ['finished', generation.finishReason, usage.promptTokens, usage.cachedTokens, usage.completionTokens],
    'status, finish reason and usage of the trace against the generation result',
  );
  const [, prefill, decode] = trace.spans;
  assert.deepEqual([prefill?.computedTokens, prefill?.cachedTokens], [usage.promptTokens - usage.cachedTokens, usage.cachedTokens], 'prefill counts');
  assert.equal(decode?.tokens, usage.completionTokens - 1, 'decode counts the completion tokens after the first');
});

Then('the trace request fails with {word}', function (this: ConformanceWorld, code: string) {
  assertFailsWith(this, code);
});

Then('{principal} reading the trace of an unknown generation id fails the same way', async function (this: ConformanceWorld, who: Principal) {
  const first = this.last;
  const unknown: HttpResponse = await this.api.request({ method: 'GET', path: `/v1/generations/${UNKNOWN_GENERATION_ID}/trace`, ...credentialOf(this, who) });
  assert.equal(unknown.status, first.status);
  const code = (first.json as { error?: { code?: string } } | undefined)?.error?.code ?? '';
  assertFailsWith(this, code, unknown);
});

Then('no generation is running or queued and the page gauges equal the pages of GET \\/v1\\/kv', async function (this: ConformanceWorld) {
  const exposition = lastScrape(this);
  const response = await this.api.request({ method: 'GET', path: '/v1/kv', token: this.token('admin') });
  const kv = assertSucceeds(this, response, 200, 'protocol/kv-pool', 'GET /v1/kv') as { pagesFree: number; pagesActive: number; pagesCached: number };
  assert.deepEqual(
    {
      running: valueOf(exposition, 'litellm_generations_running'),
      queued: valueOf(exposition, 'litellm_generations_queued'),
      free: valueOf(exposition, 'litellm_kv_pages', { state: 'free' }),
      active: valueOf(exposition, 'litellm_kv_pages', { state: 'active' }),
      cached: valueOf(exposition, 'litellm_kv_pages', { state: 'cached' }),
    },
    { running: 0, queued: 0, free: kv.pagesFree, active: kv.pagesActive, cached: kv.pagesCached },
  );
});
