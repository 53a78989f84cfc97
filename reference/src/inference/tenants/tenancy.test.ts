import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { VirtualClock } from '../../clock.ts';
import { NO_FAULTS } from '../../faults.ts';
import { ADMIN_TENANT, createTenancy, TenantSecrets } from './index.ts';

const SERVER_SECRET = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');

test('a tenant secret is HMAC-SHA256 of litellm/v1/tenant/<tenant> under the server secret', () => {
  const secrets = new TenantSecrets(SERVER_SECRET, NO_FAULTS);
  const expected = createHmac('sha256', SERVER_SECRET).update('litellm/v1/tenant/acme').digest();
  assert.deepEqual(secrets.secretOf('acme'), expected);
  assert.equal(secrets.prefixKey('acme', Buffer.from('pages')), createHmac('sha256', expected).update('pages').digest('hex'));
});

test('prefix keys of the same material differ between tenants and between server secrets', () => {
  const material = Buffer.from([1, 2, 3, 4]);
  const secrets = new TenantSecrets(SERVER_SECRET, NO_FAULTS);
  const other = new TenantSecrets(Buffer.alloc(16, 7), NO_FAULTS);
  assert.notEqual(secrets.prefixKey('a', material), secrets.prefixKey('b', material));
  assert.notEqual(secrets.prefixKey(ADMIN_TENANT, material), secrets.prefixKey('a', material));
  assert.notEqual(secrets.prefixKey('a', material), other.prefixKey('a', material));
  assert.equal(secrets.prefixKey('a', material), secrets.prefixKey('a', Buffer.from(material)));
});

test('a short server secret is refused', () => {
  assert.throws(() => new TenantSecrets(Buffer.alloc(15), NO_FAULTS), RangeError);
});

test('the admin acts as @admin and sees every generation; a tenant only its own', () => {
  const tenancy = createTenancy({ clock: new VirtualClock(), faults: NO_FAULTS, serverSecret: SERVER_SECRET });
  assert.equal(tenancy.tenantOf({ kind: 'admin' }), ADMIN_TENANT);
  assert.equal(tenancy.tenantOf({ kind: 'tenant', tenant: 'a' }), 'a');
  assert.equal(tenancy.canSee({ kind: 'tenant', tenant: 'a' }, 'a'), true);
  assert.equal(tenancy.canSee({ kind: 'tenant', tenant: 'b' }, 'a'), false);
  assert.equal(tenancy.canSee({ kind: 'admin' }, 'a'), true);
  assert.equal(tenancy.canSee({ kind: 'admin' }, ADMIN_TENANT), true);
});

test("a tenancy's queues count a tenant with a running generation as active", () => {
  const tenancy = createTenancy({ clock: new VirtualClock(), faults: NO_FAULTS, serverSecret: SERVER_SECRET });
  const queue = tenancy.newQueue<string>((item) => item.length);
  tenancy.policy.admit('a', { promptTokens: 1, maxTokens: 1 }, 0);
  queue.push('a', 'a1');
  assert.equal(queue.pop(), 'a1');
  tenancy.policy.started('a');
  queue.charge('a', 10);
  // b arrives while a runs with nothing queued: b takes a's counter (2 for the admission + 10), and a's next push
  // keeps its own counter since a never went idle.
  queue.push('b', 'b1');
  queue.push('a', 'a2');
  assert.deepEqual([queue.counterOf('a'), queue.counterOf('b')], [12, 12]);
  assert.equal(queue.pop(), 'b1', 'a tie, broken by push order');
  tenancy.policy.finished('a', { generatedTokens: 1 });
  // a idle again (a2 still queued keeps it active): no reset on its next push.
  queue.push('a', 'a3');
  assert.equal(queue.counterOf('a'), 12);
});

test('reset returns quotas to the default at the clock time', async () => {
  const clock = new VirtualClock();
  const tenancy = createTenancy({ clock, faults: NO_FAULTS, serverSecret: SERVER_SECRET, defaultQuota: { maxConcurrent: null, tokensPerMinute: 60 } });
  tenancy.policy.admit('a', { promptTokens: 30, maxTokens: 30 }, clock.now());
  await clock.sleep(30_000);
  assert.equal(tenancy.policy.usageOf('a', clock.now()).tokensAvailable, 30);
  tenancy.reset();
  assert.equal(tenancy.policy.usageOf('a', clock.now()).tokensAvailable, 60);
});
