// `npm run metrics:check`: starts the reference runtime in this process, loads the built-in `default` model, serves a
// few generations (plain, streamed, refused, traced) for the admin and a tenant, scrapes GET /metrics and hands the
// exposition to Prometheus's own checker, `promtool check metrics` (Debian package `prometheus`). Any problem it
// reports, or a missing promtool, fails the check: SPEC-049 promises a scrape a Prometheus server accepts.

import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../reference/src/server/app.ts';
import { readExposition } from '../reference/src/inference/telemetry/exposition-reader.ts';

const ADMIN = 'metrics-check-admin-token';

async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function expectStatus(response: Response, status: number, what: string): Promise<string> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/** A workload that moves every family: generations of each kind, a refused request, a trace and an unknown path. */
async function exercise(base: string): Promise<void> {
  await expectStatus(await call(base, 'POST', '/v1/models', ADMIN, { builtin: 'default' }), 201, 'load default');
  const tenant = JSON.parse(await expectStatus(await call(base, 'POST', '/v1/conformance/tenants', ADMIN, { name: 'metrics-check' }), 201, 'create tenant')) as { token: string };
  const prompt = [...Buffer.from('metrics check prompt', 'utf8')];
  let lastId = '';
  for (const token of [ADMIN, tenant.token, tenant.token]) {
    const text = await expectStatus(await call(base, 'POST', '/v1/generate', token, { model: 'default', prompt, maxTokens: 6 }), 200, 'generate');
    lastId = (JSON.parse(text) as { id: string }).id;
  }
  await expectStatus(await call(base, 'POST', '/v1/generate', tenant.token, { model: 'default', prompt, maxTokens: 4, stream: true }), 200, 'streamed generate');
  await expectStatus(await call(base, 'POST', '/v1/generate', tenant.token, { model: 'default', prompt: [], maxTokens: 4 }), 400, 'empty prompt');
  await expectStatus(await call(base, 'GET', `/v1/generations/${lastId}/trace`, tenant.token), 200, 'trace');
  await expectStatus(await call(base, 'GET', '/no/such/route', ADMIN), 404, 'unknown path');
}

function promtool(exposition: string): void {
  const which = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (which.error !== undefined) {
    throw new Error('promtool is not installed: install the Debian package "prometheus" (apt-get install -y prometheus)');
  }
  const checked = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  const report = `${checked.stdout}${checked.stderr}`.trim();
  // promtool exits non-zero on a parse error and prints lint findings; either is a failure here.
  if (checked.status !== 0 || report !== '') throw new Error(`promtool check metrics (exit ${checked.status}):\n${report}`);
}

async function main(): Promise<void> {
  const app = buildServer({ adminToken: ADMIN, mode: 'conformance' });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await exercise(base);
    const response = await call(base, 'GET', '/metrics', ADMIN);
    const exposition = await expectStatus(response, 200, 'GET /metrics');
    const families = readExposition(exposition);
    promtool(exposition);
    const samples = [...families.values()].reduce((n, f) => n + f.samples.length, 0);
    process.stdout.write(`metrics:check: promtool accepts ${families.size} families, ${samples} samples (${response.headers.get('content-type')})\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`metrics:check: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
