import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { HttpClient } from './http-client.ts';
import { SchemaRegistry } from './schemas.ts';
import { openEventStream } from './sse-client.ts';

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('events arrive in order while the response is still open, and the stream ends with the response', async () => {
  const { server, url } = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('id: 0\nevent: start\ndata: {}\n\n');
    setTimeout(() => res.end('id: 1\nevent: done\ndata: {}\n\n'), 30);
  });
  try {
    const client = new HttpClient(url, new SchemaRegistry());
    const outcome = await openEventStream(client, { method: 'POST', path: '/x', body: {} });
    assert.equal(outcome.kind, 'stream');
    if (outcome.kind !== 'stream') return;
    assert.ok(await outcome.stream.until((e) => e.length >= 1, 2000, 'start'));
    const all = await outcome.stream.all(2000);
    assert.deepEqual(all.map((e) => e.id), ['0', '1']);
    assert.ok(outcome.stream.endedByServer);
    assert.equal(client.transcript.length, 1);
  } finally {
    server.close();
  }
});

test('abort closes the connection, which the server observes', async () => {
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });
  const { server, url } = await serve((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('id: 0\nevent: start\ndata: {}\n\n');
    res.on('close', () => resolveClosed());
  });
  try {
    const outcome = await openEventStream(new HttpClient(url, new SchemaRegistry()), { method: 'GET', path: '/x' });
    assert.equal(outcome.kind, 'stream');
    if (outcome.kind !== 'stream') return;
    await outcome.stream.until((e) => e.length === 1, 2000, 'start');
    await outcome.stream.abort();
    await closed;
    assert.equal(outcome.stream.endedByServer, false);
    assert.deepEqual(outcome.stream.parser.problems, []);
  } finally {
    server.close();
  }
});

test('a JSON answer comes back as a whole response', async () => {
  const { server, url } = await serve((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"E_GENERATION_NOT_FOUND"}}');
  });
  try {
    const outcome = await openEventStream(new HttpClient(url, new SchemaRegistry()), { method: 'GET', path: '/x' });
    assert.equal(outcome.kind, 'response');
    if (outcome.kind === 'response') assert.equal(outcome.response.status, 404);
  } finally {
    server.close();
  }
});
