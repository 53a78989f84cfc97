import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LITELLM_ADMIN_TOKEN: '', ...env },
  });
}

test('prints one listening line, answers HTTP, answers malformed HTTP with the envelope, exits 0 on SIGTERM', async () => {
  const child = start(['--port', '0', '--mode', 'conformance', '--log-level', 'silent'], { LITELLM_ADMIN_TOKEN: 'token-from-env' });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const event = JSON.parse(line) as { event: string; url: string; mode: string };
  assert.equal(event.event, 'listening');
  assert.equal(event.mode, 'conformance');
  assert.match(event.url, /^http:\/\/127\.0\.0\.1:[0-9]+$/);
  const state = await fetch(`${event.url}/v1/state`, { headers: { authorization: 'Bearer token-from-env' } });
  assert.deepEqual(await state.json(), { state: 'ready', models: 0, since: 0 });

  const socket = connect(Number(new URL(event.url).port), '127.0.0.1');
  socket.end('GARBAGE / HTTP/1.1\r\n\r\n');
  let raw = '';
  for await (const chunk of socket) raw += String(chunk);
  assert.match(raw, /^HTTP\/1\.1 400 /);
  assert.match(raw, /"code":"E_PROTOCOL_BAD_REQUEST"/);

  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
});

test('refuses to start without an admin token, with faults in production mode or a bad LITELLM_KERNELS, exit status 2', async () => {
  const cases: [string[], NodeJS.ProcessEnv][] = [[[], {}], [['--admin-token', 't', '--fault', 'routing.order'], {}], [['--admin-token', 't'], { LITELLM_KERNELS: 'gpu' }]];
  for (const [args, env] of cases) {
    const child = start(args, env);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(stderr, /admin token is required|need --mode conformance|LITELLM_KERNELS must be auto, typescript or native, not gpu/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'a refused start prints no stack trace');
  }
});
