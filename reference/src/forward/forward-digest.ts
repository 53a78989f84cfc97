// Forward digests (SPEC-010 §4.11): a token's digest is SHA-256 over its V logits as binary32 little-endian; a
// sequence's, SHA-256 over its token digests' raw 32 bytes in position order; a result's, SHA-256 over its sequence
// digests' raw bytes in request order.

import { createHash } from 'node:crypto';

const F32_BYTES = 4;

/** Digest of logits[first .. first + count), written little-endian whatever the host's byte order. */
export function logitsDigest(logits: Float32Array, first: number, count: number, asBinary64 = false): Buffer {
  // asBinary64: only the forward.digest-float64 fault writes 8-byte doubles.
  const width = asBinary64 ? 2 * F32_BYTES : F32_BYTES;
  const bytes = Buffer.allocUnsafe(count * width);
  for (let i = 0; i < count; i++) {
    if (asBinary64) bytes.writeDoubleLE(logits[first + i]!, i * width);
    else bytes.writeFloatLE(logits[first + i]!, i * width);
  }
  return createHash('sha256').update(bytes).digest();
}

/** Digest over the raw bytes of child digests, in order: a sequence from its tokens, a result from its sequences. */
export function digestOfDigests(parts: readonly Uint8Array[], overHexText = false): Buffer {
  const hash = createHash('sha256');
  // overHexText: only the digest.sequence-hex-concat fault hashes the parts' hex text.
  for (const part of parts) hash.update(overHexText ? Buffer.from(part).toString('hex') : part);
  return hash.digest();
}
