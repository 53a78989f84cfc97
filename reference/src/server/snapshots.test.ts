import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ADMIN, assertError, assertSchema, call } from '../test-support/inject.ts';
import { buildServer } from './app.ts';

// The snapshot routes (SPEC-030 §4.1) and storage controls (SPEC-030 §4.5, §4.6) as HTTP: credentials, modes,
// bodies, media types, and a storage directory that outlives the server.
const root = mkdtempSync(join(tmpdir(), 'snapshot-routes-'));
const apps: FastifyInstance[] = [];
after(async () => {
  for (const app of apps) await app.close();
  rmSync(root, { recursive: true, force: true });
});

async function server(mode: 'conformance' | 'production', storageDir?: string): Promise<FastifyInstance> {
  const app = buildServer({ adminToken: ADMIN, mode, ...(storageDir === undefined ? {} : { storageDir }) });
  apps.push(app);
  await app.ready();
  return app;
}

async function tenantToken(app: FastifyInstance): Promise<string> {
  return (await call(app, 'POST', '/v1/conformance/tenants', { body: { name: 't1' } })).json<{ token: string }>().token;
}

test('a tenant may snapshot, list, read and restore; a request without a credential may not', async () => {
  const app = await server('conformance');
  const token = await tenantToken(app);
  assert.equal((await call(app, 'POST', '/v1/models', { token, body: { builtin: 'default' } })).statusCode, 201);
  const created = await call(app, 'POST', '/v1/snapshots', { token, body: { model: 'default', id: 'snap.1' } });
  assert.equal(created.statusCode, 201);
  assert.equal(created.json<{ id: string }>().id, 'snap.1');
  const list = await call(app, 'GET', '/v1/snapshots', { token });
  assertSchema('snapshot-list', list.json());
  const file = await call(app, 'GET', '/v1/snapshots/snap.1/files/model-manifest.json', { token });
  assert.match(String(file.headers['content-type']), /^application\/octet-stream/);
  assert.equal((await call(app, 'POST', '/v1/snapshots/snap.1/restore', { token, body: { as: 'copy' } })).statusCode, 201);
  assertError(await call(app, 'GET', '/v1/snapshots', { token: null }), 401, 'E_AUTH_MISSING_CREDENTIAL');
  assertError(await call(app, 'POST', '/v1/snapshots', { token: null, body: { model: 'default', id: 'x' } }), 401, 'E_AUTH_MISSING_CREDENTIAL');
});

test('bodies are checked against their schemas; a restore takes no body, {} or {as}', async () => {
  const app = await server('conformance');
  await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } });
  for (const body of [{ model: 'default' }, { model: 'default', id: '.hidden' }, { model: 'default', id: 'UPPER' }, { model: 'default', id: 'a/b' }, { model: 'default', id: 'x', extra: 1 }]) {
    assertError(await call(app, 'POST', '/v1/snapshots', { body }), 400, 'E_PROTOCOL_BAD_REQUEST');
  }
  assertError(await call(app, 'POST', '/v1/snapshots', { body: { model: 'absent', id: 'x' } }), 404, 'E_MODEL_NOT_FOUND');
  assert.equal((await call(app, 'POST', '/v1/snapshots', { body: { model: 'default', id: 's' } })).statusCode, 201);
  assert.equal((await call(app, 'POST', '/v1/snapshots/s/restore')).statusCode, 200, 'no body: restored as default, already loaded');
  assert.equal((await call(app, 'POST', '/v1/snapshots/s/restore', { body: {} })).statusCode, 200);
  assertError(await call(app, 'POST', '/v1/snapshots/s/restore', { body: { as: 'Bad Name' } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(app, 'PUT', '/v1/snapshots'), 405, 'E_PROTOCOL_METHOD_NOT_ALLOWED');
});

test('storage controls are admin-only in conformance mode and absent in production mode', async () => {
  const conformance = await server('conformance');
  const token = await tenantToken(conformance);
  assertError(await call(conformance, 'POST', '/v1/conformance/storage/rescan', { token }), 403, 'E_AUTH_FORBIDDEN');
  const rescan = await call(conformance, 'POST', '/v1/conformance/storage/rescan');
  assert.deepEqual(rescan.json(), { snapshots: [], removed: 0, quarantined: 0 });
  assertSchema('snapshot-rescan', rescan.json());
  assertError(await call(conformance, 'POST', '/v1/conformance/storage/rescan', { body: { x: 1 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(conformance, 'PUT', '/v1/conformance/storage/crash-point', { body: { operation: 'delete', afterStep: 1 } }), 400, 'E_PROTOCOL_BAD_REQUEST');
  assertError(await call(conformance, 'PUT', '/v1/conformance/storage/snapshots/none/files/a', { body: { bytesBase64: '' } }), 404, 'E_SNAPSHOT_NOT_FOUND');
  const production = await server('production');
  for (const [method, path] of [['POST', '/v1/conformance/storage/rescan'], ['PUT', '/v1/conformance/storage/crash-point']] as const) {
    assertError(await call(production, method, path, { body: {} }), 404, 'E_PROTOCOL_NOT_FOUND');
  }
  assert.equal((await call(production, 'GET', '/v1/snapshots')).statusCode, 200, 'the runtime API exists in both modes');
});

test('a named storage directory keeps snapshots across servers, and the start-up scan removes leftovers', async () => {
  const dir = join(root, 'named');
  const first = await server('conformance', dir);
  await call(first, 'POST', '/v1/models', { body: { builtin: 'default' } });
  assert.equal((await call(first, 'POST', '/v1/snapshots', { body: { model: 'default', id: 'kept' } })).statusCode, 201);
  await call(first, 'PUT', '/v1/conformance/storage/crash-point', { body: { operation: 'snapshot', afterStep: 2 } });
  assertError(await call(first, 'POST', '/v1/snapshots', { body: { model: 'default', id: 'cut' } }), 500, 'E_INTERNAL');
  assert.equal(readdirSync(join(dir, 'snapshots')).length, 2, 'the snapshot and one leftover');
  const second = await server('production', dir);
  assert.deepEqual(readdirSync(join(dir, 'snapshots')), ['kept'], 'the leftover went at start');
  assert.deepEqual((await call(second, 'GET', '/v1/snapshots')).json<{ snapshots: { id: string }[] }>().snapshots.map((s) => s.id), ['kept']);
  const restored = await call(second, 'POST', '/v1/snapshots/kept/restore');
  assert.equal(restored.statusCode, 201);
  assert.equal(restored.json<{ manifestDigest: string }>().manifestDigest, 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20');
});
