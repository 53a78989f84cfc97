// Reading a stored file and checking its SHA-256 in one pass (SPEC-024 verification before use). The file is read
// in chunks, and each chunk is hashed while the next one is being read: reads run on libuv's thread pool, and the
// hash of a large file on a worker of the hash pool (small files are hashed here, where a round trip to a worker
// would cost more than the hash), so verification costs little beyond the read and keeps the event loop free. The
// expected size is checked against the open file first: a truncated or extended file fails before any hashing.

import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { hashPool, type HashJob } from './hash-pool.ts';

/** Bytes read per chunk: large enough to amortise a system call, small enough to overlap well. */
export const VERIFIED_READ_CHUNK = 512 * 1024;
/** Files at least this large are hashed on the hash pool's workers. */
export const POOL_HASH_MIN_BYTES = 256 * 1024;

/** Incremental SHA-256 of consecutive chunks of one buffer, on this thread or on a pool worker. */
interface ChunkHasher {
  update(at: number, length: number): void;
  digest(): Promise<string>;
}

function chunkHasher(bytes: Uint8Array, shared: SharedArrayBuffer | null): ChunkHasher {
  if (shared !== null) {
    const job: HashJob = hashPool().start();
    return { update: (at, length) => job.update(shared, at, length), digest: () => job.digest() };
  }
  const hash = createHash('sha256');
  return { update: (at, length) => void hash.update(bytes.subarray(at, at + length)), digest: () => Promise.resolve(hash.digest('hex')) };
}

export type VerifiedReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; why: 'size' | 'sha256' | 'short-read'; observedSize: number };

/**
 * Reads `path`, expecting `size` bytes whose SHA-256 is `sha256` (lower-case hex); `sha256` null skips the hash.
 * I/O errors (a missing file) are thrown as they are; a content mismatch is reported, not thrown.
 */
export async function readVerified(path: string, size: number, sha256: string | null): Promise<VerifiedReadResult> {
  const handle = await open(path, 'r');
  try {
    const { size: observedSize } = await handle.stat();
    if (observedSize !== size) return { ok: false, why: 'size', observedSize };
    const shared = sha256 !== null && size >= POOL_HASH_MIN_BYTES ? new SharedArrayBuffer(size) : null;
    const bytes = shared === null ? new Uint8Array(size) : new Uint8Array(shared);
    const hash = sha256 === null ? null : chunkHasher(bytes, shared);
    // The digest is always collected, also when the read stops early, so that a pool worker forgets the job.
    let finished = false;
    const finish = (): Promise<string | null> => {
      finished = true;
      return hash === null ? Promise.resolve(null) : hash.digest();
    };
    const abandon = (): void => void finish().catch(() => undefined);
    try {
      const readChunk = (at: number) => handle.read(bytes, at, Math.min(VERIFIED_READ_CHUNK, size - at), at);
      let pending = size > 0 ? readChunk(0) : null;
      for (let at = 0; pending !== null;) {
        const { bytesRead } = await pending;
        if (bytesRead !== Math.min(VERIFIED_READ_CHUNK, size - at)) {
          abandon();
          return { ok: false, why: 'short-read', observedSize };
        }
        const next = at + bytesRead;
        pending = next < size ? readChunk(next) : null;
        hash?.update(at, bytesRead);
        at = next;
      }
    } catch (error) {
      if (!finished) abandon();
      throw error;
    }
    if (sha256 !== null && (await finish()) !== sha256) return { ok: false, why: 'sha256', observedSize };
    return { ok: true, bytes };
  } finally {
    await handle.close();
  }
}
