// Reading a stored file and checking its SHA-256 in one pass (SPEC-024 verification before use). The file is read
// in chunks and each chunk is hashed while the next one is being read (the read runs on libuv's thread pool, the
// hash on this thread), so verification costs little beyond the read itself. The expected size is checked against
// the open file first: a truncated or extended file fails before any hashing.

import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Bytes read per chunk: large enough to amortise a system call, small enough to overlap well. */
export const VERIFIED_READ_CHUNK = 512 * 1024;

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
    const bytes = new Uint8Array(size);
    const hash = sha256 === null ? null : createHash('sha256');
    const readChunk = (at: number) => handle.read(bytes, at, Math.min(VERIFIED_READ_CHUNK, size - at), at);
    let pending = size > 0 ? readChunk(0) : null;
    for (let at = 0; pending !== null;) {
      const { bytesRead } = await pending;
      if (bytesRead !== Math.min(VERIFIED_READ_CHUNK, size - at)) return { ok: false, why: 'short-read', observedSize };
      const next = at + bytesRead;
      pending = next < size ? readChunk(next) : null;
      hash?.update(bytes.subarray(at, next));
      at = next;
    }
    if (hash !== null && hash.digest('hex') !== sha256) return { ok: false, why: 'sha256', observedSize };
    return { ok: true, bytes };
  } finally {
    await handle.close();
  }
}
