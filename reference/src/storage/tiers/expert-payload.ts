// One routed expert as the storage tiers hold it (SPEC-021 §4.1): its W1 [dFF, d], W3 [dFF, d] and W2 [d, dFF]
// slices of the layer's stacked expert tensors, kept as one Float32Array [W1 | W3 | W2] in memory and as a
// safetensors file with the tensors `w1`, `w3`, `w2` (SPEC-028 format) in the cold tier. The SHA-256 of the file
// bytes is the expert's digest: recorded when the file is written, checked on every read (SPEC-024).

import { createHash } from 'node:crypto';
import { RuntimeError } from '../../errors.ts';
import { readSafetensors } from '../../model/safetensors.ts';
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
  out.set(w3.subarray(expert * n, (expert + 1) * n), n);
  out.set(w2.subarray(expert * n, (expert + 1) * n), 2 * n);
  return out;
}

export function encodePayload(payload: Float32Array, shape: ExpertShape): Uint8Array {
  const { d, dFF } = shape;
  const n = d * dFF;
  return encodeSafetensors([
    { name: 'w1', shape: [dFF, d], values: payload.subarray(0, n) },
    { name: 'w3', shape: [dFF, d], values: payload.subarray(n, 2 * n) },
    { name: 'w2', shape: [d, dFF], values: payload.subarray(2 * n, 3 * n) },
  ]);
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function integrity(message: string): RuntimeError {
  return new RuntimeError('E_STORAGE_INTEGRITY', message);
}

/**
 * Decodes an expert file strictly: SPEC-028 container rules, exactly the tensors w1, w3, w2 with this model's
 * shapes, every value finite. Any breach is E_STORAGE_INTEGRITY: the file is a damaged copy, not bad input.
 */
export function decodePayload(bytes: Uint8Array, shape: ExpertShape): Float32Array {
  let file;
  try {
    file = readSafetensors(bytes);
  } catch (error) {
    throw integrity(`expert file is not a valid shard: ${(error as Error).message}`);
  }
  const { d, dFF } = shape;
  const n = d * dFF;
  const out = new Float32Array(3 * n);
  const want: [string, number, number, number][] = [['w1', dFF, d, 0], ['w3', dFF, d, n], ['w2', d, dFF, 2 * n]];
  if (file.tensors.size !== want.length) throw integrity('expert file must hold exactly w1, w3 and w2');
  for (const [name, rows, cols, at] of want) {
    const entry = file.tensors.get(name);
    if (entry?.shape.length !== 2 || entry.shape[0] !== rows || entry.shape[1] !== cols) {
      throw integrity(`expert file tensor ${name} is missing or not [${rows}, ${cols}]`);
    }
    const start = file.bytes.byteOffset + file.dataStart + entry.begin;
    if (LITTLE_ENDIAN && start % 4 === 0) {
      out.set(new Float32Array(file.bytes.buffer, start, n), at);
    } else {
      const view = new DataView(file.bytes.buffer, start, n * 4);
      for (let i = 0; i < n; i++) out[at + i] = view.getFloat32(4 * i, true);
    }
  }
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) throw integrity('expert file holds a non-finite value');
  return out;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
