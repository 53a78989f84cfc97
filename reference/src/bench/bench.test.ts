import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs } from './bench.ts';
import { readInVerifiedChunks, ZipfSampler } from './storage-bench.ts';
import { VERIFIED_READ_CHUNKS } from '../storage/verified-read.ts';

test('npm run bench options: both parts by default, --only picks one, shared --passes, bad values refused', () => {
  const all = parseBenchArgs([]);
  assert.equal(all.forward?.passes, 21);
  assert.equal(all.storage?.passes, 9);
  assert.equal(all.storage?.accesses, 50_000);
  const forward = parseBenchArgs(['--only', 'forward', '--passes', '3', '--shape', '2x4', '--inputs', 'fresh']);
  assert.deepEqual(forward.forward, { passes: 3, shapes: [{ sequences: 2, length: 4 }], inputs: ['fresh'] });
  assert.equal(forward.storage, null);
  assert.deepEqual(parseBenchArgs(['--only', 'storage', '--accesses', '10']).storage, { passes: 9, accesses: 10 });
  assert.throws(() => parseBenchArgs(['--only', 'x']), /--only/);
  assert.throws(() => parseBenchArgs(['--accesses', '0']), /--accesses/);
});

test('the Zipf sampler is seeded and follows 1/rank weights', () => {
  const a = new ZipfSampler(1000, 1.0);
  const b = new ZipfSampler(1000, 1.0);
  const draws = Array.from({ length: 20_000 }, () => a.next());
  assert.deepEqual(draws.slice(0, 50), Array.from({ length: 50 }, () => b.next()));
  assert.ok(draws.every((r) => Number.isInteger(r) && r >= 0 && r < 1000));
  const count = (rank: number) => draws.filter((r) => r === rank).length;
  // P(rank 0) = 1 / H(1000) ≈ 0.1336, P(rank 1) half of it.
  assert.ok(Math.abs(count(0) / draws.length - 0.1336) < 0.01, String(count(0)));
  assert.ok(Math.abs(count(0) / count(1) - 2) < 0.25, `${count(0)} / ${count(1)}`);
});

test('the same-chunks plain read returns every file whole, across the ends of the verified read\'s chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storage-bench-test-'));
  try {
    const first = VERIFIED_READ_CHUNKS[0]!;
    const second = first + VERIFIED_READ_CHUNKS[1]!;
    for (const size of [0, 1, first - 1, first, first + 1, second + 1, 3 * VERIFIED_READ_CHUNKS.at(-1)! + 5]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 13 + size) & 255);
      const path = join(dir, `f${size}`);
      writeFileSync(path, bytes);
      assert.deepEqual(new Uint8Array(await readInVerifiedChunks(path)), bytes, String(size));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
