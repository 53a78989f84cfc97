import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { FaultBench } from '../../test-support/fault-bench.ts';
import { call } from '../../test-support/inject.ts';
import { readExposition, sampleValue } from './exposition-reader.ts';

// Telemetry faults (SPEC-049): each pair is a conforming server and a mutant with one switch, given the same work.
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const PROMPT = [...Buffer.from('twenty-byte prompt!!', 'utf8')];

async function ready(apps: [FastifyInstance, FastifyInstance]): Promise<[FastifyInstance, FastifyInstance]> {
  for (const app of apps) assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode, 201);
  return apps;
}

async function tenant(app: FastifyInstance, name: string): Promise<string> {
  const response = await call(app, 'POST', '/v1/conformance/tenants', { body: { name } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<{ token: string }>().token;
}

async function generate(app: FastifyInstance, maxTokens: number, token?: string): Promise<string> {
  const response = await call(app, 'POST', '/v1/generate', { body: { model: 'default', prompt: PROMPT, maxTokens }, ...(token === undefined ? {} : { token }) });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ id: string }>().id;
}

async function scrape(app: FastifyInstance): Promise<string> {
  const response = await call(app, 'GET', '/metrics');
  assert.equal(response.statusCode, 200, response.body);
  return response.body;
}

const value = async (app: FastifyInstance, name: string, labels: Record<string, string> = {}) => sampleValue(readExposition(await scrape(app)), name, labels);

test('telemetry.untyped-histograms: histogram families lose their TYPE line', async () => {
  const [clean, faulty] = await bench.pair('telemetry.untyped-histograms');
  assert.match(await scrape(clean), /^# TYPE litellm_scheduler_batch_sequences histogram$/m);
  assert.doesNotMatch(await scrape(faulty), /^# TYPE litellm_scheduler_batch_sequences /m);
});

test('telemetry.kv-label-renamed: the page gauge is labelled kind', async () => {
  const [clean, faulty] = await bench.pair('telemetry.kv-label-renamed');
  assert.equal(await value(clean, 'litellm_kv_pages', { state: 'cached' }), 0);
  assert.equal(await value(faulty, 'litellm_kv_pages', { state: 'cached' }), undefined);
  assert.equal(await value(faulty, 'litellm_kv_pages', { kind: 'cached' }), 0);
});

test('telemetry.first-token-uncounted: three sampled tokens count as two', async () => {
  const apps = await ready(await bench.pair('telemetry.first-token-uncounted'));
  for (const app of apps) await generate(app, 3);
  assert.deepEqual([await value(apps[0], 'litellm_generated_tokens_total'), await value(apps[1], 'litellm_generated_tokens_total')], [3, 2]);
});

test('telemetry.buckets-not-cumulative: the +Inf bucket stops equalling the count', async () => {
  const apps = await ready(await bench.pair('telemetry.buckets-not-cumulative'));
  for (const app of apps) await generate(app, 3);
  const inf = { le: '+Inf' };
  assert.deepEqual([await value(apps[0], 'litellm_scheduler_batch_sequences_bucket', inf), await value(apps[0], 'litellm_scheduler_batch_sequences_count')], [3, 3]);
  assert.deepEqual([await value(apps[1], 'litellm_scheduler_batch_sequences_bucket', inf), await value(apps[1], 'litellm_scheduler_batch_sequences_count')], [0, 3]);
});

test('telemetry.raw-url-label: the route label carries the generation id', async () => {
  const apps = await ready(await bench.pair('telemetry.raw-url-label'));
  const ids = [await generate(apps[0], 1), await generate(apps[1], 1)];
  for (const [i, app] of apps.entries()) assert.equal((await call(app, 'GET', `/v1/generations/${ids[i]}/trace`)).statusCode, 200);
  assert.equal(await value(apps[0], 'litellm_http_requests_total', { route: '/v1/generations/{id}/trace', method: 'GET', status: '200' }), 1);
  const text = await scrape(apps[1]);
  assert.ok(text.includes(ids[1]!));
  assert.ok(!(await scrape(apps[0])).includes(ids[0]!));
});

test('telemetry.tenant-label: the tenant name shows in the generation counter', async () => {
  const apps = await ready(await bench.pair('telemetry.tenant-label'));
  for (const app of apps) await generate(app, 1, await tenant(app, 'canary-tenant'));
  assert.doesNotMatch(await scrape(apps[0]), /canary-tenant/);
  assert.match(await scrape(apps[1]), /litellm_generations_total\{outcome="length",tenant="canary-tenant"\} 1/);
});

test('telemetry.metrics-open-to-tenants: a tenant may scrape', async () => {
  const apps = await bench.pair('telemetry.metrics-open-to-tenants');
  const statuses = [];
  for (const app of apps) statuses.push((await call(app, 'GET', '/metrics', { token: await tenant(app, 't1') })).statusCode);
  assert.deepEqual(statuses, [403, 200]);
});

test('telemetry.trace-decode-counts-first: the decode span counts all three tokens', async () => {
  const apps = await ready(await bench.pair('telemetry.trace-decode-counts-first'));
  const tokens = [];
  for (const app of apps) {
    const trace = (await call(app, 'GET', `/v1/generations/${await generate(app, 3)}/trace`)).json<{ spans: { name: string; tokens?: number }[] }>();
    tokens.push(trace.spans.find((s) => s.name === 'decode')?.tokens);
  }
  assert.deepEqual(tokens, [2, 3]);
});

test("telemetry.trace-any-tenant: another tenant reads a tenant's trace", async () => {
  const apps = await ready(await bench.pair('telemetry.trace-any-tenant'));
  const statuses = [];
  for (const app of apps) {
    const id = await generate(app, 1, await tenant(app, 't1'));
    statuses.push((await call(app, 'GET', `/v1/generations/${id}/trace`, { token: await tenant(app, 't2') })).statusCode);
  }
  assert.deepEqual(statuses, [404, 200]);
});

test('telemetry.kv-free-counts-cached: the free gauge adds the cached prompt page', async () => {
  const apps = await ready(await bench.pair('telemetry.kv-free-counts-cached'));
  const gaps = [];
  for (const app of apps) {
    await generate(app, 2);
    const kv = (await call(app, 'GET', '/v1/kv')).json<{ pagesFree: number; pagesCached: number }>();
    assert.ok(kv.pagesCached > 0, 'the full prompt page stays cached');
    gaps.push((await value(app, 'litellm_kv_pages', { state: 'free' }))! - kv.pagesFree);
  }
  assert.equal(gaps[0], 0);
  assert.ok(gaps[1]! > 0);
});
