// Safetensors encoder for models the runtime generates itself (format: 8-byte LE u64 header length N, N bytes of
// UTF-8 JSON header padded with spaces to a multiple of 8, then the data buffer). Tensors are laid out in name
// order with contiguous offsets, so the bytes are a pure function of the tensors.

export interface NamedTensor {
  name: string;
  shape: readonly number[];
  values: Float32Array;
}

const F32_BYTES = 4;
const HEADER_ALIGNMENT = 8;

export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const tensor of sorted) {
    const length = tensor.values.length * F32_BYTES;
    header[tensor.name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + length] };
    offset += length;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((HEADER_ALIGNMENT - (Buffer.byteLength(text) % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT);
  const headerBytes = Buffer.from(text, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const tensor of sorted) {
    // Explicit little-endian stores: the format fixes the byte order whatever the host's.
    for (let i = 0; i < tensor.values.length; i++, at += F32_BYTES) view.setFloat32(at, tensor.values[i]!, true);
  }
  return out;
}
