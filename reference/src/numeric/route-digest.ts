// Reproducibility digests of a routing result (SPEC-010 §4, contract §3).
// Token digest: SHA-256 over, per selected expert in output order, u32 LE global expert id then f64 LE gate.
// Result digest: SHA-256 over the token digests' raw 32-byte values, in token order.

import { createHash } from 'node:crypto';

const ENTRY_BYTES = 12;

/**
 * Digest of one token's expert selection. `gateFirst` reverses the field order inside each entry; only the
 * `digest.order` fault sets it.
 */
export function tokenDigest(expertIds: Uint32Array, gates: Float64Array, count: number, gateFirst = false): Buffer {
  const bytes = Buffer.allocUnsafe(count * ENTRY_BYTES);
  for (let i = 0; i < count; i++) {
    const at = i * ENTRY_BYTES;
    if (gateFirst) {
      bytes.writeDoubleLE(gates[i] ?? 0, at);
      bytes.writeUInt32LE(expertIds[i] ?? 0, at + 8);
    } else {
      bytes.writeUInt32LE(expertIds[i] ?? 0, at);
      bytes.writeDoubleLE(gates[i] ?? 0, at + 4);
    }
  }
  return createHash('sha256').update(bytes).digest();
}

/**
 * Digest of a whole request from its token digests (raw bytes, token order). `overHexText` hashes their hex text
 * instead; only the `digest.hex-concat` fault sets it.
 */
export function resultDigest(tokenDigests: readonly Uint8Array[], overHexText = false): Buffer {
  const hash = createHash('sha256');
  for (const digest of tokenDigests) hash.update(overHexText ? Buffer.from(digest).toString('hex') : digest);
  return hash.digest();
}
