// Multi-tenant isolation (SPEC-050): generations of one tenant as seen by another, quotas set through the control
// route and their refusals, the fair queue observed through timing.queueSteps, and per-tenant prefix caches. Requests
// that must wait are sent while the scheduler is paused and awaited later; steps go on only once the runtime's own
// scheduler figures show them queued, never after a delay.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { HttpResponse } from '../driver/http-client.ts';
import { arrivalOrderQueueSteps, bucketRetryAfterAtMost, fairQueueBound, type OtherGeneration } from '../oracle/tenancy-fairness.ts';
import { assertFailsWith, assertSucceeds } from '../support/exchanges.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

const MODEL = 'default';
// Short prompts keep every request to one KV page, so pages never hold an admission back (SPEC-050 §4.4).
const PROMPT_TOKENS = 4;

interface GenerateBody {
  model: string;
  prompt: number[];
  maxTokens: number;
}

interface GenerationResult {
  id: string;
  tokens: number[];
  finishReason: string;
  usage: { promptTokens: number; completionTokens: number; cachedTokens: number };
  timing: { queueSteps: number; steps: number };
}

interface QuotaDocument {
  tenant: string;
  quota: { maxConcurrent: number | null; tokensPerMinute: number | null };
  usage: { queued: number; running: number; generatedTokens: number; tokensAvailable: number | null };
}

/** A request sent in the background: what the other tenants had queued or running when it was sent. */
interface Pending {
  body: GenerateBody;
  response: Promise<HttpResponse>;
  othersAtArrival: OtherGeneration[];
  otherTenantsQueued: number;
  ahead: number;
}

const tenant = (name: string): Principal => ({ kind: 'tenant', name });

function pendingOf(world: ConformanceWorld): Map<string, Pending[]> {
  if (!world.remembered.has('tenancy pending')) world.remembered.set('tenancy pending', new Map<string, Pending[]>());
  return world.recall<Map<string, Pending[]>>('tenancy pending');
}

/** A distinct short prompt per request of the scenario, so that no two share a prefix page. */
function freshBody(world: ConformanceWorld, maxTokens: number): GenerateBody {
  const n = (world.remembered.get('tenancy prompts') as number | undefined) ?? 0;
  world.remembered.set('tenancy prompts', n + 1);
  return { model: MODEL, prompt: [1 + (n % 200), 2 + Math.floor(n / 200), 3, 4].slice(0, PROMPT_TOKENS), maxTokens };
}

function generate(world: ConformanceWorld, who: Principal, body: GenerateBody): Promise<HttpResponse> {
  return world.api.request({ method: 'POST', path: '/v1/generate', body, ...credentialOf(world, who) });
}

function accept(world: ConformanceWorld, response: HttpResponse, what: string): GenerationResult {
  return assertSucceeds(world, response, 200, 'protocol/generation-result', what) as GenerationResult;
}

async function schedulerQueued(world: ConformanceWorld): Promise<number> {
  const response = await world.api.request({ method: 'GET', path: '/v1/conformance/scheduler', token: world.token('admin') });
  return (assertSucceeds(world, response, 200, 'protocol/scheduler-state', 'GET /v1/conformance/scheduler') as { queued: number }).queued;
}

/** Polls the runtime's own queued count until it reaches `count` (bounded: a runtime that never queues fails here). */
async function untilQueued(world: ConformanceWorld, count: number): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const queued = await schedulerQueued(world);
    if (queued === count) return;
    assert.ok(queued < count, `the scheduler reports ${queued} queued, more than the ${count} requests sent`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`the scheduler never reported the ${count} requests sent as queued`);
}

async function quotaDocument(world: ConformanceWorld, name: string): Promise<QuotaDocument> {
  const response = await world.api.request({ method: 'GET', path: `/v1/conformance/tenants/${name}/quota`, token: world.token('admin') });
  const document = assertSucceeds(world, response, 200, 'protocol/tenant-quota', 'GET tenant quota') as QuotaDocument;
  assert.equal(document.tenant, name);
  return document;
}

async function putQuota(world: ConformanceWorld, name: string, body: Record<string, unknown>): Promise<QuotaDocument> {
  const response = await world.api.request({ method: 'PUT', path: `/v1/conformance/tenants/${name}/quota`, token: world.token('admin'), body });
  world.last = response;
  const document = assertSucceeds(world, response, 200, 'protocol/tenant-quota', 'PUT tenant quota') as QuotaDocument;
  if (typeof body.tokensPerMinute === 'number') world.remembered.set(`tokensPerMinute of ${name}`, body.tokensPerMinute);
  return document;
}

Given('the scheduler is paused with {int} batch slots', async function (this: ConformanceWorld, maxBatch: number) {
  const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/scheduler', token: this.token('admin'), body: { paused: true, maxBatch } });
  const state = assertSucceeds(this, response, 200, 'protocol/scheduler-state', 'PUT /v1/conformance/scheduler') as { paused: boolean; maxBatch: number };
  assert.deepEqual([state.paused, state.maxBatch], [true, maxBatch]);
  this.remembered.set('tenancy maxBatch', maxBatch);
});

async function resume(world: ConformanceWorld): Promise<void> {
  const response = await world.api.request({ method: 'PUT', path: '/v1/conformance/scheduler', token: world.token('admin'), body: { paused: false } });
  assertSucceeds(world, response, 200, 'protocol/scheduler-state', 'PUT /v1/conformance/scheduler');
}

When('the scheduler resumes', async function (this: ConformanceWorld) {
  await resume(this);
});

Given(
  'tenant {string} has {int} generation(s) queued with maxTokens {int}',
  async function (this: ConformanceWorld, name: string, count: number, maxTokens: number) {
    const pending = pendingOf(this);
    for (let i = 0; i < count; i += 1) {
      const others = [...pending].filter(([owner]) => owner !== name).map(([, list]) => list);
      const body = freshBody(this, maxTokens);
      const response = generate(this, tenant(name), body);
      // Awaited by a later step; a scenario that fails first must not leave an unhandled rejection behind.
      response.catch(() => undefined);
      const entry: Pending = {
        body,
        response,
        othersAtArrival: others.flat().map((p) => ({ maxTokens: p.body.maxTokens })),
        otherTenantsQueued: others.filter((list) => list.length > 0).length,
        ahead: [...pending.values()].flat().length,
      };
      pending.set(name, [...(pending.get(name) ?? []), entry]);
      // One at a time, so that arrival order is the order written here.
      await untilQueued(this, [...pending.values()].flat().length);
    }
  },
);

async function queuedFinish(world: ConformanceWorld, name: string, reason: string): Promise<void> {
  const list = pendingOf(world).get(name) ?? [];
  assert.ok(list.length > 0, `tenant ${name} has no generation queued in this scenario`);
  const results: GenerationResult[] = [];
  for (const [i, entry] of list.entries()) {
    const result = accept(world, await entry.response, `queued generation ${i + 1} of tenant ${name}`);
    assert.equal(result.finishReason, reason, `generation ${i + 1} of tenant ${name}`);
    results.push(result);
  }
  world.remembered.set(`queued results of ${name}`, results);
}

Then("tenant {string}'s queued generations all finish with {string}", async function (this: ConformanceWorld, name: string, reason: string) {
  await queuedFinish(this, name, reason);
});

Then(
  "once the scheduler resumes, tenant {string}'s queued generations all finish with {string}",
  async function (this: ConformanceWorld, name: string, reason: string) {
    await resume(this);
    await queuedFinish(this, name, reason);
  },
);

Then(
  "tenant {string}'s generation waited no more queue steps than the fair-queue bound, which arrival order exceeds",
  function (this: ConformanceWorld, name: string) {
    const [entry] = pendingOf(this).get(name) ?? [];
    const [result] = this.recall<GenerationResult[]>(`queued results of ${name}`);
    assert.ok(entry !== undefined && result !== undefined);
    const maxBatch = this.recall<number>('tenancy maxBatch');
    const bound = fairQueueBound(entry.othersAtArrival, entry.otherTenantsQueued, maxBatch);
    assert.ok(bound !== null, 'the scenario queues more tenants than the batch has slots: SPEC-050 §4.4 gives no bound');
    const fifo = arrivalOrderQueueSteps(entry.ahead, maxBatch, entry.body.maxTokens);
    assert.ok(fifo > bound, `the scenario cannot tell fair from arrival order (${fifo} vs ${bound})`);
    assert.ok(
      result.timing.queueSteps <= bound,
      `tenant ${name}'s generation waited ${result.timing.queueSteps} steps; SPEC-050 §4.4 allows ${bound} (arrival order: ${fifo})`,
    );
  },
);

Given('the admin limits tenant {string} to {int} concurrent generation(s)', async function (this: ConformanceWorld, name: string, limit: number) {
  assert.equal((await putQuota(this, name, { maxConcurrent: limit })).quota.maxConcurrent, limit);
});

Given('the admin limits tenant {string} to {int} token(s) per minute', async function (this: ConformanceWorld, name: string, perMinute: number) {
  assert.equal((await putQuota(this, name, { tokensPerMinute: perMinute })).quota.tokensPerMinute, perMinute);
});

Given('{principal} generates with maxTokens {int} and is served', async function (this: ConformanceWorld, who: Principal, maxTokens: number) {
  const body = freshBody(this, maxTokens);
  const response = await generate(this, who, body);
  this.last = response;
  const result = accept(this, response, 'POST /v1/generate');
  this.remembered.set('tenancy last generation', { who, body, result });
  this.remembered.set('tenancy last cost', body.prompt.length + maxTokens);
});

When('{principal} sends one more generation with maxTokens {int}', async function (this: ConformanceWorld, who: Principal, maxTokens: number) {
  const body = freshBody(this, maxTokens);
  this.remembered.set('tenancy refused cost', body.prompt.length + maxTokens);
  this.last = await generate(this, who, body);
});

function retryAfterOf(response: HttpResponse): number {
  const header = response.headers.get('retry-after');
  assert.ok(header !== null, 'E_TENANT_QUOTA came without a Retry-After header');
  assert.match(header, /^[0-9]+$/, `Retry-After "${header}" is not whole seconds`);
  return Number(header);
}

Then('it is refused with E_TENANT_QUOTA and a Retry-After of at least one whole second', function (this: ConformanceWorld) {
  assertFailsWith(this, 'E_TENANT_QUOTA');
  assert.ok(retryAfterOf(this.last) >= 1, 'Retry-After is below 1');
});

Then(
  "it is refused with E_TENANT_QUOTA and a Retry-After no longer than tenant {string}'s bucket needs to refill",
  function (this: ConformanceWorld, name: string) {
    assertFailsWith(this, 'E_TENANT_QUOTA');
    const most = bucketRetryAfterAtMost(this.recall<number>(`tokensPerMinute of ${name}`), this.recall<number>('tenancy last cost'), this.recall<number>('tenancy refused cost'));
    const seconds = retryAfterOf(this.last);
    assert.ok(seconds >= 1 && seconds <= most, `Retry-After ${seconds} is outside 1..${most}`);
  },
);

Then('the quota usage of tenant {string} shows {int} queued and {int} running', async function (this: ConformanceWorld, name: string, queued: number, running: number) {
  const { usage } = await quotaDocument(this, name);
  assert.deepEqual([usage.queued, usage.running], [queued, running], `usage of ${name}: ${JSON.stringify(usage)}`);
});

Then(
  'the quota usage of tenant {string} shows {int} queued, {int} running and {int} generated tokens',
  async function (this: ConformanceWorld, name: string, queued: number, running: number, generated: number) {
    const { usage } = await quotaDocument(this, name);
    assert.deepEqual([usage.queued, usage.running, usage.generatedTokens], [queued, running, generated], `usage of ${name}: ${JSON.stringify(usage)}`);
  },
);

Then('the quota usage of tenant {string} shows at most {int} tokens available', async function (this: ConformanceWorld, name: string, most: number) {
  const { usage } = await quotaDocument(this, name);
  assert.ok(usage.tokensAvailable !== null && usage.tokensAvailable <= most, `tokensAvailable of ${name}: ${usage.tokensAvailable}`);
});

async function setQuotaFromJson(this: ConformanceWorld, name: string, json: string): Promise<void> {
  this.remembered.set('tenancy put answer', await putQuota(this, name, JSON.parse(json) as Record<string, unknown>));
}

When('the admin sets the quota of tenant {string} to:', setQuotaFromJson);
Given('the admin has set the quota of tenant {string} to:', setQuotaFromJson);

/** GET agrees with the last PUT's answer, which is the quota document after the change. */
async function readBack(world: ConformanceWorld, name: string): Promise<QuotaDocument> {
  const document = await quotaDocument(world, name);
  const put = world.remembered.get('tenancy put answer') as QuotaDocument | undefined;
  if (put?.tenant === name) assert.deepEqual(document.quota, put.quota, 'GET does not read what PUT answered');
  return document;
}

Then(
  'the quota of tenant {string} reads maxConcurrent {int} and tokensPerMinute {int} with {int} tokens available',
  async function (this: ConformanceWorld, name: string, maxConcurrent: number, perMinute: number, available: number) {
    const document = await readBack(this, name);
    assert.deepEqual(document.quota, { maxConcurrent, tokensPerMinute: perMinute });
    assert.equal(document.usage.tokensAvailable, available);
  },
);

Then('the quota of tenant {string} reads maxConcurrent {int} and no tokensPerMinute', async function (this: ConformanceWorld, name: string, maxConcurrent: number) {
  const document = await readBack(this, name);
  assert.deepEqual(document.quota, { maxConcurrent, tokensPerMinute: null });
  assert.equal(document.usage.tokensAvailable, null);
});

Then('the quota of tenant {string} reads no limits', async function (this: ConformanceWorld, name: string) {
  assert.deepEqual((await quotaDocument(this, name)).quota, { maxConcurrent: null, tokensPerMinute: null });
});
