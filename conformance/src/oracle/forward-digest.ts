// Forward-pass digests (contract-core §2, §4): per token over the binary32 logits, per sequence over the token
// digests, per request over the sequence digests.
import { createHash } from 'node:crypto';
import { routeDigest } from './digest.ts';

/** SHA-256 hex of the logits rounded to binary32, each written little-endian, in vocabulary order. */
export function logitsDigest(logits: readonly number[]): string {
  const bytes = Buffer.alloc(4 * logits.length);
  logits.forEach((v, i) => bytes.writeFloatLE(v, 4 * i));
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 hex of the concatenated raw 32-byte token digests, in token order. */
export function sequenceDigest(tokenDigests: readonly string[]): string {
  return routeDigest(tokenDigests);
}

/** SHA-256 hex of the concatenated raw 32-byte sequence digests, in request order. */
export function requestDigest(sequenceDigests: readonly string[]): string {
  return routeDigest(sequenceDigests);
}
