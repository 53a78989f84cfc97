// Stream keys and labels (SPEC-010 §1): a stream is named by a UTF-8 label, keyed by the first 8 bytes of its SHA-256.

import { createHash } from 'node:crypto';
import type { U64Halves } from './u64.ts';

/** First 8 bytes of SHA-256(UTF-8(label)), big-endian; `littleEndian` (a fault switch only) reads them reversed. */
export function streamKey(label: string, littleEndian = false): U64Halves {
  const digest = createHash('sha256').update(label, 'utf8').digest();
  if (littleEndian) return { hi: digest.readUInt32LE(4), lo: digest.readUInt32LE(0) };
  return { hi: digest.readUInt32BE(0), lo: digest.readUInt32BE(4) };
}

export type RoutingLevel = 'tier' | 'group' | 'expert';

/**
 * The label of the tie-break stream for the children of one parent (REQ-003 tie keys): `parentPath` is `-` for
 * tiers, `<t>` for the groups of tier t, `<t>.<g>` for the experts of group g in tier t.
 */
export function tiebreakLabel(routingSeed: string, layer: number, level: RoutingLevel, parentPath: string): string {
  return `litellm/v1/tiebreak/${routingSeed}/${layer}/${level}/${parentPath}`;
}
