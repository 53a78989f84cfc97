import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_FAULTS, parseFaults, type FaultName } from '../../faults.ts';
import { assertError, call } from '../../test-support/inject.ts';
import { ADMIT_PATH, buildTenancyTestServer, type TenancyTestServer } from './tenancy-test-server.ts';

// Tenancy faults (SPEC-050): each pair is one conforming and one mutant server differing only by the switch.
const bench = {
  pair(fault: FaultName): [TenancyTestServer, TenancyTestServer] {
    return [buildTenancyTestServer(NO_FAULTS), buildTenancyTestServer(parseFaults([fault]))];
  },
};

const REQUEST = { promptTokens: 4, maxTokens: 8 };

async function setQuota(server: TenancyTestServer, tenant: string, quota: Record<string, number | null>): Promise<void> {
  const response = await call(server.app, 'PUT', `/v1/conformance/tenants/${tenant}/quota`, { body: quota });
  assert.equal(response.statusCode, 200, response.body);
}

/** Admits REQUEST `times` times as `tenant`; returns the statuses. */
async function admit(server: TenancyTestServer, token: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) statuses.push((await call(server.app, 'POST', ADMIT_PATH, { token, body: REQUEST })).statusCode);
  return statuses;
}

test('tenant.generations-shared: another tenant sees a generation', () => {
  const [clean, faulty] = bench.pair('tenant.generations-shared');
  const other = { kind: 'tenant', tenant: 'b' } as const;
  assert.deepEqual([clean.tenancy.canSee(other, 'a'), faulty.tenancy.canSee(other, 'a')], [false, true]);
});

test('tenant.concurrency-unchecked: a third generation beside maxConcurrent 2 is admitted', async () => {
  const pair = bench.pair('tenant.concurrency-unchecked');
  const statuses = [];
  for (const server of pair) {
    await setQuota(server, 'a', { maxConcurrent: 2 });
    statuses.push(await admit(server, server.tenant('a'), 3));
  }
  assert.deepEqual(statuses, [[202, 202, 429], [202, 202, 202]]);
});

test('tenant.tokens-unchecked: a request beyond tokensPerMinute is admitted', async () => {
  const pair = bench.pair('tenant.tokens-unchecked');
  const statuses = [];
  for (const server of pair) {
    await setQuota(server, 'a', { tokensPerMinute: 1 });
    statuses.push(await admit(server, server.tenant('a'), 2));
  }
  assert.deepEqual(statuses, [[202, 429], [202, 202]]);
});

test('tenant.no-retry-after: E_TENANT_QUOTA goes out without Retry-After', async () => {
  const headers = [];
  for (const server of bench.pair('tenant.no-retry-after')) {
    await setQuota(server, 'a', { maxConcurrent: 1 });
    const token = server.tenant('a');
    await admit(server, token, 1);
    const refused = await call(server.app, 'POST', ADMIT_PATH, { token, body: REQUEST });
    assertError(refused, 429, 'E_TENANT_QUOTA');
    headers.push(refused.headers['retry-after']);
  }
  assert.deepEqual(headers, ['1', undefined]);
});

test("tenant.shared-quota-state: one tenant's quota and usage refuse another tenant", async () => {
  const statuses = [];
  for (const server of bench.pair('tenant.shared-quota-state')) {
    await setQuota(server, 'a', { tokensPerMinute: 1 });
    await admit(server, server.tenant('a'), 1);
    statuses.push(await admit(server, server.tenant('b'), 1));
  }
  assert.deepEqual(statuses, [[202], [429]]);
});

test('tenant.fifo-queue: a request beside a flood waits behind all of it', () => {
  const picks = bench.pair('tenant.fifo-queue').map((server) => {
    const queue = server.tenancy.newQueue<string>();
    for (let i = 1; i <= 12; i += 1) queue.push('a', `a${i}`);
    queue.push('b', 'b1');
    return [queue.pop(), queue.pop()];
  });
  assert.deepEqual(picks, [['a1', 'b1'], ['a1', 'a2']]);
});

test('tenant.shared-prefix-secret: two tenants derive the same prefix key for the same pages', () => {
  const material = Buffer.from('the same prompt pages');
  const [clean, faulty] = bench.pair('tenant.shared-prefix-secret').map((server) => server.tenancy.secrets);
  assert.notEqual(clean!.prefixKey('a', material), clean!.prefixKey('b', material));
  assert.equal(faulty!.prefixKey('a', material), faulty!.prefixKey('b', material));
});

test('tenant.reset-keeps-quotas: a quota survives a control reset', async () => {
  const quotas = [];
  for (const server of bench.pair('tenant.reset-keeps-quotas')) {
    await setQuota(server, 'a', { maxConcurrent: 1 });
    assert.equal((await call(server.app, 'POST', '/v1/conformance/reset')).statusCode, 200);
    quotas.push((await call(server.app, 'GET', '/v1/conformance/tenants/a/quota')).json<{ quota: unknown }>().quota);
  }
  assert.deepEqual(quotas, [{ maxConcurrent: null, tokensPerMinute: null }, { maxConcurrent: 1, tokensPerMinute: null }]);
});
