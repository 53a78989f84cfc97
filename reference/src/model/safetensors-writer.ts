// Safetensors encoder for models the runtime generates itself (format: 8-byte LE u64 header length N, N bytes of
// UTF-8 JSON header padded with spaces to a multiple of 8, then the data buffer). Tensors are laid out in name
// order (code points, i.e. UTF-8 byte order, SPEC-028 §4.7) with contiguous offsets, so the bytes are a pure function
// of the tensors.

export interface NamedTensor {
  name: string;
  shape: readonly number[];
  values: Float32Array;
}

const F32_BYTES = 4;
const HEADER_ALIGNMENT = 8;

/** Code-point order (the order of the names' UTF-8 bytes); UTF-16 order differs for characters above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const sorted = [...tensors].sort((a, b) => compareCodePoints(a.name, b.name));
  // Members joined as text, not set on an object: a name like "7" would move first, "__proto__" would vanish.
  const members = [`"__metadata__":${JSON.stringify(metadata)}`];
  let offset = 0;
  for (const tensor of sorted) {
    const length = tensor.values.length * F32_BYTES;
    members.push(`${JSON.stringify(tensor.name)}:${JSON.stringify({ dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + length] })}`);
    offset += length;
  }
  let text = `{${members.join(',')}}`;
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
