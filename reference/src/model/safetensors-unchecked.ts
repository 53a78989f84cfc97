// The model.skip-format-check fault: a safetensors reader without any of the structure checks of safetensors.ts.
// The header goes through plain JSON.parse (a failure escapes as an unanticipated error, E_INTERNAL), entries are
// believed as written, and data that the header promises but the file lacks reads as zero bytes.

import type { SafetensorsFile, TensorEntry } from './safetensors.ts';

interface RawEntry {
  shape: number[];
  data_offsets: [number, number];
}

const F32_BYTES = 4;

export function readSafetensorsUnchecked(bytes: Uint8Array): SafetensorsFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString('utf8')) as Record<string, RawEntry>;
  const tensors = new Map<string, TensorEntry>();
  let dataEnd = 0;
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const elementCount = raw.shape.reduce((product, dim) => product * dim, 1);
    const begin = raw.data_offsets[0];
    const end = begin + elementCount * F32_BYTES;
    tensors.set(name, { name, dtype: 'F32', shape: raw.shape, elementCount, begin, end });
    dataEnd = Math.max(dataEnd, end);
  }
  const dataStart = 8 + headerLength;
  const padded = new Uint8Array(Math.max(bytes.length, dataStart + dataEnd));
  padded.set(bytes);
  return { bytes: padded, dataStart, tensors, metadata: null };
}
