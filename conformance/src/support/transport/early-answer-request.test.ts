import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../driver/http-client.ts';
import { SchemaRegistry } from '../../driver/schemas.ts';
import { parseAnswer, sendAllowingEarlyAnswer } from './early-answer-request.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ENVELOPE = JSON.stringify({ error: { code: 'E_PROTOCOL_PAYLOAD_TOO_LARGE', domain: 'protocol', message: 'too large', retryable: false } });

void test('parses a head, a sized body, a chunked body, and skips an interim answer', () => {
  assert.equal(parseAnswer(Buffer.from('HTTP/1.1 413 Too Large\r\ncontent-')), undefined);
  const sized = parseAnswer(Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 413 Too Large\r\ncontent-length: 2\r\nContent-Type: application/json\r\n\r\n{}'));
  assert.equal(sized?.status, 413);
  assert.equal(sized?.complete, true);
  assert.equal(sized?.headers.get('content-type'), 'application/json');
  assert.equal(sized?.body.toString(), '{}');
  const chunked = parseAnswer(Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n'));
  assert.equal(chunked?.body.toString(), 'abcde');
});

void test('an answer given from the head alone, before the connection is dropped, is returned', async () => {
  // Like a runtime that refuses from Content-Length: answer at once, then destroy the connection mid-body.
  const server = createServer((req, res) => {
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(ENVELOPE, () => req.socket.destroy());
  });
  const base = await listen(server);
  try {
    const client = new HttpClient(base, new SchemaRegistry());
    const body = 'x'.repeat(8 * 1024 * 1024);
    for (let i = 0; i < 3; i += 1) {
      const response = await sendAllowingEarlyAnswer(client, { method: 'POST', path: '/v1/route', body, contentType: 'application/json', headers: {} }, 10_000);
      assert.equal(response.status, 413);
      assert.deepEqual(response.json, JSON.parse(ENVELOPE));
    }
    assert.equal(client.transcript.length, 3);
    assert.equal(client.transcript[0]?.status, 413);
  } finally {
    server.close();
  }
});

void test('a runtime that reads the whole body gets all of it', async () => {
  const server = createServer((req, res) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ size, auth: req.headers.authorization })));
  });
  const base = await listen(server);
  try {
    const client = new HttpClient(base, new SchemaRegistry());
    const body = 'y'.repeat(3 * 1024 * 1024 + 5);
    const response = await sendAllowingEarlyAnswer(client, { method: 'PUT', path: '/x', body, contentType: 'text/plain', headers: { authorization: 'Bearer t' } }, 10_000);
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { size: body.length, auth: 'Bearer t' });
  } finally {
    server.close();
  }
});

void test('no answer at all is a failure to reach the runtime', async () => {
  const server = createServer((req) => req.socket.destroy());
  const base = await listen(server);
  try {
    const client = new HttpClient(base, new SchemaRegistry());
    await assert.rejects(
      sendAllowingEarlyAnswer(client, { method: 'POST', path: '/', body: '{}', contentType: 'application/json', headers: {} }, 5_000),
      (e: unknown) => (e as { code?: string }).code === 'H_ENDPOINT_UNREACHABLE',
    );
  } finally {
    server.close();
  }
});
