// Lower-case hex SHA-256 (FIPS 180-4) of bytes or of a string's UTF-8: the digest form manifests, checkpoints,
// expert files and the built-in model's digest all use.

import { createHash } from 'node:crypto';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
