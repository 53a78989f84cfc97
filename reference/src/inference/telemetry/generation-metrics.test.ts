import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../clock.ts';
import { NO_FAULTS } from '../../faults.ts';
import { readExposition, sampleValue } from './exposition-reader.ts';
import { createTelemetry } from './index.ts';

const ref = (id: string, tenant = 'acme-secret') => ({ id, tenant, model: 'default' });

function runOne(telemetry: ReturnType<typeof createTelemetry>, id: string, start: number, tokens: number): void {
  const o = telemetry.observer;
  o.queued(ref(id), start, 7);
  o.admitted(ref(id), start + 100, 3);
  for (let i = 0; i < tokens; i += 1) {
    o.token(ref(id), start + 100 + 20 * (i + 1), i);
    o.step(start + 100 + 20 * (i + 1), 20, 1, i === 0 ? 4 : 1);
  }
  o.finished(ref(id), start + 100 + 20 * tokens, 'length', { promptTokens: 7, completionTokens: tokens, cachedTokens: 3 });
}

test('every required metric is exposed with its type, at zero before any generation', () => {
  const families = readExposition(createTelemetry({ clock: new VirtualClock(), faults: NO_FAULTS }).exposition());
  const types = Object.fromEntries([...families.values()].map((f) => [f.name, f.type]));
  assert.deepEqual(types, {
    litellm_generated_tokens_total: 'counter',
    litellm_generations_queued: 'gauge',
    litellm_generations_running: 'gauge',
    litellm_generations_total: 'counter',
    litellm_http_request_duration_seconds: 'histogram',
    litellm_http_requests_total: 'counter',
    litellm_inter_token_latency_seconds: 'histogram',
    litellm_kv_pages: 'gauge',
    litellm_prompt_cached_tokens_total: 'counter',
    litellm_prompt_tokens_total: 'counter',
    litellm_quota_rejections_total: 'counter',
    litellm_scheduler_batch_sequences: 'histogram',
    litellm_scheduler_step_duration_seconds: 'histogram',
    litellm_scheduler_steps_total: 'counter',
    litellm_time_to_first_token_seconds: 'histogram',
  });
  assert.equal(sampleValue(families, 'litellm_generations_total', { outcome: 'stop' }), 0);
  assert.equal(sampleValue(families, 'litellm_kv_pages', { state: 'cached' }), 0);
  assert.equal(sampleValue(families, 'litellm_time_to_first_token_seconds_count'), 0);
});

test('counters and histograms move by exactly what the hooks report', () => {
  const telemetry = createTelemetry({ clock: new VirtualClock(), faults: NO_FAULTS });
  runOne(telemetry, 'g1', 0, 4);
  runOne(telemetry, 'g2', 1000, 2);
  telemetry.observer.rejected('acme-secret', 'E_TENANT_QUOTA');
  telemetry.observer.occupancy({ queued: 1, running: 2, pagesFree: 10, pagesActive: 5, pagesCached: 1 });
  const text = telemetry.exposition();
  const f = readExposition(text);
  const v = (name: string, labels: Record<string, string> = {}) => sampleValue(f, name, labels);
  assert.equal(v('litellm_generations_total', { outcome: 'length' }), 2);
  assert.equal(v('litellm_generated_tokens_total'), 6);
  assert.equal(v('litellm_prompt_tokens_total'), 14);
  assert.equal(v('litellm_prompt_cached_tokens_total'), 6);
  assert.equal(v('litellm_scheduler_steps_total'), 6);
  assert.equal(v('litellm_scheduler_batch_sequences_count'), 6);
  assert.equal(v('litellm_scheduler_batch_sequences_bucket', { le: '1' }), 6);
  assert.equal(v('litellm_quota_rejections_total'), 1);
  // First tokens came 120 ms after queueing; the four later tokens 20 ms after the one before.
  assert.equal(v('litellm_time_to_first_token_seconds_count'), 2);
  assert.equal(v('litellm_time_to_first_token_seconds_bucket', { le: '0.1' }), 0);
  assert.equal(v('litellm_time_to_first_token_seconds_bucket', { le: '0.25' }), 2);
  assert.equal(v('litellm_inter_token_latency_seconds_count'), 4);
  assert.equal(v('litellm_inter_token_latency_seconds_bucket', { le: '0.025' }), 4);
  assert.equal(v('litellm_inter_token_latency_seconds_bucket', { le: '0.01' }), 0);
  assert.deepEqual([v('litellm_kv_pages', { state: 'free' }), v('litellm_kv_pages', { state: 'active' }), v('litellm_generations_running')], [10, 5, 2]);
  // Nothing about the tenant reaches the exposition.
  assert.doesNotMatch(text, /acme-secret|g1|g2/);
  assert.deepEqual(telemetry.traces.get('g1')?.spans.map((s) => s.name), ['queue', 'prefill', 'decode']);
});

test('http requests are counted under their route pattern, never the path sent', () => {
  const telemetry = createTelemetry({ clock: new VirtualClock(), faults: NO_FAULTS });
  telemetry.http.request('/v1/generations/:id/trace', 'get', 200, 3);
  telemetry.http.request('/v1/generations/{id}/trace', 'GET', 200, 30);
  telemetry.http.request('', 'BREW', 404, 1);
  const f = readExposition(telemetry.exposition());
  assert.equal(sampleValue(f, 'litellm_http_requests_total', { route: '/v1/generations/{id}/trace', method: 'GET', status: '200' }), 2);
  assert.equal(sampleValue(f, 'litellm_http_requests_total', { route: 'unmatched', method: 'OTHER', status: '404' }), 1);
  assert.equal(sampleValue(f, 'litellm_http_request_duration_seconds_count', { route: '/v1/generations/{id}/trace', method: 'GET' }), 2);
  assert.equal(sampleValue(f, 'litellm_http_request_duration_seconds_bucket', { route: '/v1/generations/{id}/trace', method: 'GET', le: '0.005' }), 1);
});

test('two scrapes of the same state are byte-identical', () => {
  const telemetry = createTelemetry({ clock: new VirtualClock(), faults: NO_FAULTS });
  runOne(telemetry, 'g1', 0, 3);
  assert.equal(telemetry.exposition(), telemetry.exposition());
});
