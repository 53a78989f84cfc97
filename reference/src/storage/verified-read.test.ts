import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { POOL_HASH_MIN_BYTES, readVerified, VERIFIED_READ_CHUNK, VERIFIED_READ_CHUNKS } from './verified-read.ts';

const dir = mkdtempSync(join(tmpdir(), 'verified-read-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('reads files of every size around the chunk boundaries whole and verified, here and on the pool', async () => {
  // The ends of the successive reads: the short first ones, then two of the steady length.
  const ends = [...VERIFIED_READ_CHUNKS, VERIFIED_READ_CHUNK, VERIFIED_READ_CHUNK].map((_, k, all) => all.slice(0, k + 1).reduce((a, b) => a + b, 0));
  const sizes = [0, 1, POOL_HASH_MIN_BYTES - 1, POOL_HASH_MIN_BYTES, ...ends.flatMap((end) => [end - 1, end, end + 1]), 3 * VERIFIED_READ_CHUNK + 17];
  for (const size of sizes) {
    const bytes = new Uint8Array(size).map((_, i) => (i * 7 + size) & 255);
    const path = join(dir, `f${size}`);
    writeFileSync(path, bytes);
    const result = await readVerified(path, size, sha(bytes));
    assert.equal(result.ok, true, String(size));
    if (result.ok) assert.deepEqual(result.bytes, bytes);
    assert.deepEqual(await readVerified(path, size, null), { ok: true, bytes });
  }
});

test('reports a wrong size before hashing, and a wrong digest after', async () => {
  const bytes = new Uint8Array(VERIFIED_READ_CHUNK * 2 + 5).fill(9);
  const path = join(dir, 'g');
  writeFileSync(path, bytes);
  assert.deepEqual(await readVerified(path, bytes.length + 1, sha(bytes)), { ok: false, why: 'size', observedSize: bytes.length });
  const flipped = Uint8Array.from(bytes);
  flipped[VERIFIED_READ_CHUNK + 3]! ^= 1;
  writeFileSync(path, flipped);
  assert.deepEqual(await readVerified(path, bytes.length, sha(bytes)), { ok: false, why: 'sha256', observedSize: bytes.length });
  await assert.rejects(readVerified(join(dir, 'missing'), 1, null), { code: 'ENOENT' });
});
