// One routed expert as the storage tiers hold it (SPEC-021 §4.1): its W1 [dFF, d], W2 [d, dFF] and W3 [dFF, d]
// slices of the layer's stacked expert tensors, kept as one Float32Array [W1 | W2 | W3] in memory and as a
// safetensors file with the tensors `w1`, `w2`, `w3` (SPEC-028 format) in the cold tier. The file's data section
// holds the tensors in name order, which is the payload order, so a verified file is decoded without a copy. The SHA-256 of the file
// bytes is the expert's digest: recorded when the file is written, checked on every read (SPEC-024).

import { RuntimeError } from '../../errors.ts';
import { readSafetensors, STRICT_SHARD_RULES, type ShardFormatRules } from '../../model/safetensors.ts';
import { encodeSafetensors } from '../../model/safetensors-writer.ts';

export interface ExpertShape {
  d: number;
  dFF: number;
}

/** A (layer, global expert id) pair; `key` orders experts by layer, then id. */
export interface ExpertRef {
  layer: number;
  expert: number;
}

/** Elements of one expert: three d·dFF matrices. */
export function payloadElements(shape: ExpertShape): number {
  return 3 * shape.d * shape.dFF;
}

export function payloadBytes(shape: ExpertShape): number {
  return 4 * payloadElements(shape);
}

/** A total order on experts (layer, then id) that every tier uses to break ties deterministically. */
export function compareRefs(a: ExpertRef, b: ExpertRef): number {
  return a.layer - b.layer || a.expert - b.expert;
}

export function refKey(ref: ExpertRef): string {
  return `${ref.layer}/${ref.expert}`;
}

/** Copies expert `expert`'s slices out of stacked [N, dFF, d], [N, dFF, d], [N, d, dFF] tensors. */
export function sliceStacked(w1: Float32Array, w3: Float32Array, w2: Float32Array, expert: number, shape: ExpertShape): Float32Array {
  const n = shape.d * shape.dFF;
  const out = new Float32Array(3 * n);
  out.set(w1.subarray(expert * n, (expert + 1) * n), 0);
  out.set(w2.subarray(expert * n, (expert + 1) * n), n);
  out.set(w3.subarray(expert * n, (expert + 1) * n), 2 * n);
  return out;
}

export function encodePayload(payload: Float32Array, shape: ExpertShape): Uint8Array {
  const { d, dFF } = shape;
  const n = d * dFF;
  return encodeSafetensors([
    { name: 'w1', shape: [dFF, d], values: payload.subarray(0, n) },
    { name: 'w2', shape: [d, dFF], values: payload.subarray(n, 2 * n) },
    { name: 'w3', shape: [dFF, d], values: payload.subarray(2 * n, 3 * n) },
  ]);
}

/** Every SPEC-028 rule but the value scan: a copy whose SHA-256 matched holds the finite values it was written with. */
const VERIFIED_COPY_RULES: Readonly<ShardFormatRules> = Object.freeze({ ...STRICT_SHARD_RULES, rejectNonFinite: false });

export const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Decodes `count` little-endian binary32 values starting at `bytes[start]` into out[at …], whatever the host order. */
export function readFloat32Le(bytes: Uint8Array, start: number, count: number, out: Float32Array, at: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * 4);
  for (let i = 0; i < count; i++) out[at + i] = view.getFloat32(4 * i, true);
}

function integrity(message: string): RuntimeError {
  return new RuntimeError('E_STORAGE_INTEGRITY', message);
}

/**
 * Decodes an expert file strictly: SPEC-028 container rules, exactly the tensors w1, w3, w2 with this model's
 * shapes, every value finite (`checkFinite` false when the bytes are already known to be a verified copy). Any
 * breach is E_STORAGE_INTEGRITY: the file is a damaged copy, not bad input.
 */
export function decodePayload(bytes: Uint8Array, shape: ExpertShape, checkFinite = true): Float32Array {
  let file;
  try {
    file = readSafetensors(bytes, checkFinite ? {} : { rules: VERIFIED_COPY_RULES });
  } catch (error) {
    throw integrity(`expert file is not a valid shard: ${(error as Error).message}`);
  }
  const { d, dFF } = shape;
  const n = d * dFF;
  const want: [string, number, number][] = [['w1', dFF, d], ['w2', d, dFF], ['w3', dFF, d]];
  if (file.tensors.size !== want.length) throw integrity('expert file must hold exactly w1, w2 and w3');
  const starts = want.map(([name, rows, cols]) => {
    const entry = file.tensors.get(name);
    if (entry?.shape.length !== 2 || entry.shape[0] !== rows || entry.shape[1] !== cols) {
      throw integrity(`expert file tensor ${name} is missing or not [${rows}, ${cols}]`);
    }
    return file.bytes.byteOffset + file.dataStart + entry.begin;
  });
  const [first, second, third] = starts as [number, number, number];
  let out: Float32Array;
  if (LITTLE_ENDIAN && first % 4 === 0 && second === first + 4 * n && third === first + 8 * n) {
    out = new Float32Array(file.bytes.buffer, first, 3 * n);
  } else {
    out = new Float32Array(3 * n);
    starts.forEach((start, k) => readFloat32Le(file.bytes, start - file.bytes.byteOffset, n, out, k * n));
  }
  return out;
}

