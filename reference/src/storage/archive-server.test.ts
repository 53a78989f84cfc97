import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RuntimeError } from '../errors.ts';
import { fetchBytes } from '../model/fetch-bytes.ts';
import { filePathFor, parseByteRange, startArchiveServer, type ArchiveServer } from './archive-server.ts';

const root = mkdtempSync(join(tmpdir(), 'archive-server-test-'));
const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
let archive: ArchiveServer;
before(async () => {
  mkdirSync(join(root, 'model'));
  writeFileSync(join(root, 'model', 'layer-0.safetensors'), bytes);
  writeFileSync(join(root, 'model', 'manifest.json'), '{}');
  archive = await startArchiveServer(root);
});
after(async () => {
  await archive.close();
  rmSync(root, { recursive: true, force: true });
});

const options = { timeoutMs: 5000, maxBytes: 1 << 20, tooLarge: () => new RuntimeError('E_MODEL_LIMIT', 'too large'), what: 'test' };

test('whole files and exact byte ranges are served; fetchBytes checks the range it gets', async () => {
  const url = new URL('/model/layer-0.safetensors', archive.url);
  assert.deepEqual(await fetchBytes(url, options), bytes);
  assert.deepEqual(await fetchBytes(url, { ...options, range: { start: 10, end: 19 } }), bytes.subarray(10, 20));
  assert.deepEqual(await fetchBytes(url, { ...options, range: { start: 999, end: 999 } }), bytes.subarray(999));
  await assert.rejects(fetchBytes(url, { ...options, range: { start: 1000, end: 1010 } }), { code: 'E_MODEL_FETCH_FAILED' });
  const head = await fetch(url, { method: 'HEAD' });
  assert.deepEqual([head.status, head.headers.get('content-length'), head.headers.get('accept-ranges')], [200, '1000', 'bytes']);
  assert.equal((await fetch(url, { method: 'POST' })).status, 405);
  assert.equal((await fetch(new URL('/model/manifest.json', archive.url))).headers.get('content-type'), 'application/json');
});

test('paths outside the directory, directories and missing files are 404', async () => {
  for (const path of ['/model/../../etc/passwd', '/%2e%2e/x', '/model', '/missing', '/model/%00']) {
    assert.equal((await fetch(`${archive.url}${path}`)).status, 404, path);
  }
  assert.equal(filePathFor('/srv', '/a/../b'), null);
  assert.equal(filePathFor('/srv', '/a/b'), '/srv/a/b');
});

test('range parsing follows RFC 9110: suffix, open end, clamped end, unsatisfiable', () => {
  assert.equal(parseByteRange(undefined, 10), undefined);
  assert.deepEqual(parseByteRange('bytes=2-4', 10), [2, 4]);
  assert.deepEqual(parseByteRange('bytes=2-', 10), [2, 9]);
  assert.deepEqual(parseByteRange('bytes=-3', 10), [7, 9]);
  assert.deepEqual(parseByteRange('bytes=5-99', 10), [5, 9]);
  for (const bad of ['bytes=10-', 'bytes=4-2', 'bytes=-0', 'bytes=-', 'items=1-2', 'bytes=1-2,4-5']) assert.equal(parseByteRange(bad, 10), null, bad);
});
