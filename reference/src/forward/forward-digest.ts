// Forward digests (SPEC-010 §4.11): a token's digest is SHA-256 over its V logits as binary32 little-endian; a
// sequence's, SHA-256 over its token digests' raw 32 bytes in position order; a result's, SHA-256 over its sequence
// digests' raw bytes in request order.

import { createHash } from 'node:crypto';

const F32_BYTES = 4;

/** Digest of logits[first .. first + count), written little-endian whatever the host's byte order. */
export function logitsDigest(logits: Float32Array, first: number, count: number): Buffer {
  const bytes = Buffer.allocUnsafe(count * F32_BYTES);
  for (let i = 0; i < count; i++) bytes.writeFloatLE(logits[first + i]!, i * F32_BYTES);
  return createHash('sha256').update(bytes).digest();
}

/** Digest over the raw bytes of child digests, in order: a sequence from its tokens, a result from its sequences. */
export function digestOfDigests(parts: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}
