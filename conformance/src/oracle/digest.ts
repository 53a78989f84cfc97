// Reproducibility digests of SPEC-010 §4 / contract §3, and the gate tolerance the harness compares with.
import { createHash } from 'node:crypto';
import { OracleError } from './errors.ts';

/** Gates must match the oracle within |Δ| ≤ 2^-40. */
export const GATE_TOLERANCE = 2 ** -40;

export function gatesClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= GATE_TOLERANCE;
}

/** SHA-256 hex over, per expert in output order: u32 LE global expert id, then f64 LE gate. */
export function tokenDigest(experts: readonly { id: number; gate: number }[]): string {
  const bytes = Buffer.alloc(12 * experts.length);
  experts.forEach((expert, n) => {
    bytes.writeUInt32LE(expert.id, 12 * n);
    bytes.writeDoubleLE(expert.gate, 12 * n + 4);
  });
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 hex over the concatenated raw 32 bytes of each token digest, in token order. */
export function routeDigest(tokenDigests: readonly string[]): string {
  const hash = createHash('sha256');
  for (const hex of tokenDigests) {
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new OracleError('E_INTERNAL', `not a lower-case SHA-256 hex digest: ${hex}`);
    hash.update(Buffer.from(hex, 'hex'));
  }
  return hash.digest('hex');
}

/** Lower-case hex SHA-256 of raw bytes (manifest and shard digests). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
