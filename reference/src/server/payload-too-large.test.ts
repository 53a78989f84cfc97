// Regression: an oversized upload was answered 413 while the client was still sending, and the connection was
// closed under it, so the client saw EPIPE/ECONNRESET instead of the envelope. The body is now drained first.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { buildServer } from './app.ts';
import { ADMIN } from '../test-support/inject.ts';

/** Uploads a declared-length body in `chunks` chunks of `chunkBytes` with a pause between them. */
function slowUpload(url: string, chunks: number, chunkBytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/route`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'content-length': String(8 + chunks * chunkBytes + 2) },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(chunkBytes, 0x20);
    let sent = 0;
    const next = (): void => {
      if (sent === chunks) {
        req.end('"}');
        return;
      }
      sent += 1;
      req.write(chunk);
      setTimeout(next, 5);
    };
    req.write('{"pad":"');
    next();
  });
}

void test('a body over the limit, still being uploaded, is answered 413 E_PROTOCOL_PAYLOAD_TOO_LARGE', async () => {
  const app = buildServer({ adminToken: ADMIN, mode: 'conformance', bodyLimitBytes: 1024 * 1024 });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const { status, body } = await slowUpload(address, 24, 256 * 1024);
    assert.equal(status, 413);
    assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'E_PROTOCOL_PAYLOAD_TOO_LARGE');
    // The server keeps serving afterwards.
    assert.equal((await fetch(`${address}/v1/info`)).status, 200);
  } finally {
    await app.close();
  }
});
