import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HashPool } from './hash-pool.ts';

const pool = new HashPool(2);
const dir = mkdtempSync(join(tmpdir(), 'hash-pool-test-'));
after(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function file(name: string, size: number, seed: number): { path: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed) & 255);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

test('concurrent reads on two workers return each file whole with its plain SHA-256, whatever the chunk plan', async () => {
  const files = Array.from({ length: 6 }, (_, k) => file(`f${k}`, 100_000 + k * 7919, k));
  // Short first reads, then a steady length that does not divide the sizes: every chunk boundary case occurs.
  for (const chunks of [[1000, 30_000], [65_536], [1 << 20]]) {
    const reads = await Promise.all(files.map(({ path, bytes }) => pool.readAndHash(path, bytes.length, chunks)));
    reads.forEach((read, k) => assert.deepEqual(read, { ok: true, bytes: files[k]!.bytes, digest: sha(files[k]!.bytes) }, `${k} ${chunks.join(' ')}`));
  }
  const empty = file('empty', 0, 0);
  assert.deepEqual(await pool.readAndHash(empty.path, 0, [4096]), { ok: true, bytes: new Uint8Array(0), digest: sha(new Uint8Array(0)) });
});

test('a size other than the expected one is reported before reading; a missing file rejects with its code', async () => {
  const { path, bytes } = file('g', 5000, 3);
  assert.deepEqual(await pool.readAndHash(path, bytes.length - 1, [1024]), { ok: false, why: 'size', observedSize: bytes.length });
  await assert.rejects(pool.readAndHash(join(dir, 'missing'), 1, [1024]), { code: 'ENOENT', syscall: 'open' });
});

test('after the pool is closed, a later read starts new workers', async () => {
  const { path, bytes } = file('h', 70_000, 5);
  await pool.close();
  assert.deepEqual(await pool.readAndHash(path, bytes.length, [8192]), { ok: true, bytes, digest: sha(bytes) });
});
