import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, test } from 'node:test';
import { HashPool } from './hash-pool.ts';

const pool = new HashPool(2);
after(() => pool.close());

test('interleaved jobs on two workers give the plain SHA-256 of each buffer', async () => {
  const buffers = Array.from({ length: 6 }, (_, k) => {
    const shared = new SharedArrayBuffer(100_000 + k * 7919);
    new Uint8Array(shared).forEach((_, i, a) => (a[i] = (i * 31 + k) & 255));
    return shared;
  });
  const jobs = buffers.map(() => pool.start());
  // Chunks of all jobs sent interleaved, in order within each job.
  for (let at = 0; at < 200_000; at += 30_000) {
    buffers.forEach((buffer, k) => {
      const length = Math.min(30_000, buffer.byteLength - at);
      if (length > 0) jobs[k]!.update(buffer, at, length);
    });
  }
  const digests = await Promise.all(jobs.map((job) => job.digest()));
  assert.deepEqual(digests, buffers.map((buffer) => createHash('sha256').update(new Uint8Array(buffer)).digest('hex')));
  assert.equal(await pool.start().digest(), createHash('sha256').digest('hex'), 'a job with no chunks hashes the empty string');
});
