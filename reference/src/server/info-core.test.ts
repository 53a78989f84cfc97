import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, assertSchema, call } from '../test-support/inject.ts';
import { buildServer } from './app.ts';

interface Limits {
  maxDModel: number;
  maxSeq: number;
  maxK: { tier: number; group: number; expert: number };
  maxActiveFlopsPerToken: number;
  memoryBudgetBytes: number;
}

/** C_H(S - 1) of the heavy descriptor of SPEC-005 §4.4 for the declared maxDModel and maxSeq. */
function heavyFlops(limits: Limits): number {
  const d = 2 * Math.floor(limits.maxDModel / 2);
  return 512 * d * d + 256 * d * limits.maxSeq + 107088640 * d;
}

test('info declares protocol 1.1, the forward capability and the 1.1 limits within their core bounds (SPEC-001 §4.3)', async () => {
  const info = (await call(buildServer({ adminToken: ADMIN, mode: 'conformance' }), 'GET', '/v1/info')).json<{
    protocolVersion: string; capabilities: string[]; limits: Limits;
  }>();
  assertSchema('info', info);
  assert.equal(info.protocolVersion, '1.1');
  for (const capability of ['models.load', 'route', 'forward']) assert.ok(info.capabilities.includes(capability));
  const { limits } = info;
  assert.ok(limits.maxSeq >= 64 && limits.maxSeq <= 4096);
  assert.ok(limits.maxK.tier >= 2 && limits.maxK.group >= 2 && limits.maxK.expert >= 4);
  assert.ok(Math.max(limits.maxK.tier, limits.maxK.group, limits.maxK.expert) <= 4095);
  assert.ok(limits.maxActiveFlopsPerToken >= 1048576 && limits.maxActiveFlopsPerToken < heavyFlops(limits));
  assert.ok(limits.memoryBudgetBytes >= 16777216);
});

test('info is the same body for the life of the process and in both modes', async () => {
  const app = buildServer({ adminToken: ADMIN, mode: 'conformance' });
  const first = (await call(app, 'GET', '/v1/info')).json<{ mode: string }>();
  await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
  await call(app, 'PUT', '/v1/conformance/memory-budget', { body: { bytes: 99_999_999 } });
  await call(app, 'POST', '/v1/conformance/state', { body: { transition: 'degrade' } });
  await call(app, 'PUT', '/v1/conformance/delay', { body: { perLayerMs: 5 } });
  assert.deepEqual((await call(app, 'GET', '/v1/info')).json(), first);
  const production = (await call(buildServer({ adminToken: ADMIN, mode: 'production' }), 'GET', '/v1/info')).json<{ mode: string }>();
  assert.deepEqual({ ...production, mode: 'conformance' }, first);
});
