// Reading a stored file and checking its SHA-256 in one pass (SPEC-024 verification before use). A large file is
// read and hashed on a worker of the hash pool, each chunk hashed while the next one is being read, so verification
// costs little beyond the read and keeps the event loop free; a small file is read and hashed here, where a round
// trip to a worker would cost more than the hash. The expected size is checked against the open file first: a
// truncated or extended file fails before any read. No byte is returned before its digest has matched.

import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { hashPool } from './hash-pool.ts';

/** Bytes read per chunk once a file is under way: large enough to amortise a system call, small enough to overlap. */
export const VERIFIED_READ_CHUNK = 512 * 1024;
/**
 * The lengths of a file's successive reads, the last one repeating: the reads end at 8, 32, 128 and 512 KiB, then
 * every 512 KiB. Two reasons. The hash trails the reads, so a short first read lets it start as soon as the first
 * bytes are in. And Linux sizes its readahead from the first read of a file (a few times its length) and then grows
 * the window up to fourfold at each step, so a short first read turns one long wait for a large transfer into a ramp of
 * transfers that arrive while the earlier bytes are being hashed. On a cached file the extra reads cost little.
 */
export const VERIFIED_READ_CHUNKS: readonly number[] = [8 * 1024, 24 * 1024, 96 * 1024, 384 * 1024, VERIFIED_READ_CHUNK];
/** Files at least this large are read and hashed on the hash pool's workers. */
export const POOL_HASH_MIN_BYTES = 256 * 1024;

export type VerifiedReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; why: 'size' | 'sha256' | 'short-read'; observedSize: number };

/** The length of read number `k` of a file, starting at byte `at` of `size`. */
export function chunkLength(k: number, at: number, size: number): number {
  return Math.min(VERIFIED_READ_CHUNKS[Math.min(k, VERIFIED_READ_CHUNKS.length - 1)]!, size - at);
}

/**
 * Reads `path`, expecting `size` bytes whose SHA-256 is `sha256` (lower-case hex); `sha256` null skips the hash.
 * I/O errors (a missing file) are thrown as they are; a content mismatch is reported, not thrown.
 */
export async function readVerified(path: string, size: number, sha256: string | null): Promise<VerifiedReadResult> {
  if (sha256 !== null && size >= POOL_HASH_MIN_BYTES) {
    const read = await hashPool().readAndHash(path, size, VERIFIED_READ_CHUNKS);
    if (!read.ok) return read;
    // SPEC-024: the digest is compared before the bytes leave this function.
    if (read.digest !== sha256) return { ok: false, why: 'sha256', observedSize: size };
    return { ok: true, bytes: read.bytes };
  }
  return readHere(path, size, sha256);
}

/** A small file, or one read without its hash: read (and hashed) on this thread. */
async function readHere(path: string, size: number, sha256: string | null): Promise<VerifiedReadResult> {
  const handle = await open(path, 'r');
  try {
    const { size: observedSize } = await handle.stat();
    if (observedSize !== size) return { ok: false, why: 'size', observedSize };
    const bytes = new Uint8Array(size);
    const hash = sha256 === null ? null : createHash('sha256');
    // The next read is under way while this thread hashes the chunk before it.
    const readChunk = (k: number, at: number) => handle.read(bytes, at, chunkLength(k, at, size), at);
    let pending = size > 0 ? readChunk(0, 0) : null;
    for (let k = 0, at = 0; pending !== null; k++) {
      const length = chunkLength(k, at, size);
      const { bytesRead } = await pending;
      if (bytesRead !== length) return { ok: false, why: 'short-read', observedSize };
      const next = at + length;
      pending = next < size ? readChunk(k + 1, next) : null;
      hash?.update(bytes.subarray(at, next));
      at = next;
    }
    if (hash !== null && hash.digest('hex') !== sha256) return { ok: false, why: 'sha256', observedSize };
    return { ok: true, bytes };
  } finally {
    await handle.close();
  }
}
