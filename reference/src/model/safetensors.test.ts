import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeError } from '../errors.ts';
import { FAULT_NAMES } from '../faults.ts';
import { DEFAULT_MAX_HEADER_BYTES, readF32Tensor, readSafetensors, shardFormatRules, STRICT_SHARD_RULES, type ShardFormatRules } from './safetensors.ts';
import { encodeSafetensors } from './safetensors-writer.ts';

// Files are assembled by hand here: a header text, an optional explicit length prefix, and raw data bytes.
function file(header: string | Uint8Array, data: Uint8Array = new Uint8Array(0), lengthPrefix?: [number, number]): Uint8Array {
  const headerBytes = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const out = new Uint8Array(8 + headerBytes.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, lengthPrefix?.[0] ?? headerBytes.length, true);
  view.setUint32(4, lengthPrefix?.[1] ?? 0, true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  return out;
}

function f32(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

function rejects(bytes: Uint8Array, pattern: RegExp, maxHeaderBytes?: number): void {
  assert.throws(
    () => readSafetensors(bytes, maxHeaderBytes),
    (error: unknown) => error instanceof RuntimeError && error.code === 'E_MODEL_FORMAT' && pattern.test(error.message),
  );
}

const ONE_2x2 = '{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}';

test('reads a 2x2 F32 tensor, little-endian, with metadata and space padding', () => {
  const header = '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}';
  const padded = header + ' '.repeat((8 - (header.length % 8)) % 8);
  const parsed = readSafetensors(file(padded, f32(1, -0.875, 0.5, 0)));
  assert.deepEqual(parsed.metadata, { format: 'pt' });
  const entry = parsed.tensors.get('w');
  assert.ok(entry);
  assert.deepEqual(entry.shape, [2, 2]);
  assert.deepEqual([...readF32Tensor(parsed, entry)], [1, -0.875, 0.5, 0]);
});

test('accepts tensors listed out of offset order, zero-sized tensors and an empty header', () => {
  const header =
    '{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"z":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]},' +
    '"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
  const parsed = readSafetensors(file(header, f32(2, 3)));
  assert.deepEqual([...readF32Tensor(parsed, parsed.tensors.get('b')!)], [3]);
  assert.equal(parsed.tensors.get('z')?.elementCount, 0);
  assert.equal(readSafetensors(file('{}')).tensors.size, 0);
});

test('rejects files whose length prefix is missing, huge, over the cap or past the end', () => {
  rejects(new Uint8Array(7), /shorter than the 8-byte/);
  rejects(file(ONE_2x2, f32(1, 2, 3, 4), [ONE_2x2.length, 1]), /exceeds the cap/);
  rejects(file(ONE_2x2, f32(1, 2, 3, 4)), /exceeds the cap/, 16);
  rejects(file(ONE_2x2, new Uint8Array(0), [ONE_2x2.length + 100, 0]), /shorter than its header/);
});

test('rejects headers that are not UTF-8 JSON objects', () => {
  rejects(file(' {}'), /does not start/);
  rejects(file(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), /UTF-8/);
  rejects(file('{"w":}'), /not valid JSON/);
  rejects(file('{"w":1}x'), /padding must be spaces/);
  rejects(file('{} \n'), /padding must be spaces/);
  rejects(file('{"w":1}   '), /not valid JSON|is not an object/);
});

test('rejects duplicate tensor names', () => {
  rejects(file(ONE_2x2.slice(0, -1) + ',"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}', f32(1, 2, 3, 4)), /duplicate key/);
});

test('rejects malformed entries: dtype, keys, shape, offsets, metadata', () => {
  const data = f32(1, 2, 3, 4);
  rejects(file(ONE_2x2.replace('F32', 'F16'), data), /unsupported dtype "F16"/);
  rejects(file(ONE_2x2.replace('F32', 'BF16'), data), /unsupported dtype/);
  rejects(file('{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16],"x":1}}', data), /exactly/);
  rejects(file('{"w":{"dtype":"F32","shape":[4]}}', data), /exactly/);
  rejects(file(ONE_2x2.replace('[2,2]', '[2,-2]'), data), /invalid shape/);
  rejects(file(ONE_2x2.replace('[2,2]', '[2,2.5]'), data), /invalid shape/);
  rejects(file(ONE_2x2.replace('[2,2]', '"2x2"'), data), /invalid shape/);
  rejects(file(ONE_2x2.replace('[2,2]', '[1048576,1048576,1048576]'), data), /overflows/);
  rejects(file(ONE_2x2.replace('[0,16]', '[0,12]'), data), /do not match its shape/);
  rejects(file(ONE_2x2.replace('[0,16]', '[16,0]'), data), /do not match/);
  rejects(file(ONE_2x2.replace('[0,16]', '[0,16,32]'), data), /invalid data_offsets/);
  rejects(file(ONE_2x2.replace('[0,16]', '[0,1e400]'), data), /invalid data_offsets/);
  rejects(file('{"__metadata__":{"n":1}}'), /not a string/);
  rejects(file('{"":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}'), /empty tensor name/);
  rejects(file('[]'), /does not start|not a JSON object/);
});

test('rejects overlaps, gaps, short data and trailing bytes', () => {
  const two = (a: string, b: string): string =>
    `{"a":{"dtype":"F32","shape":[1],"data_offsets":${a}},"b":{"dtype":"F32","shape":[1],"data_offsets":${b}}}`;
  rejects(file(two('[0,4]', '[0,4]'), f32(1)), /overlaps/);
  rejects(file(two('[0,4]', '[8,12]'), f32(1, 2, 3)), /gap/);
  rejects(file(two('[4,8]', '[8,12]'), f32(1, 2, 3)), /gap/);
  rejects(file(ONE_2x2, f32(1, 2, 3)), /past the end/);
  rejects(file(ONE_2x2, f32(1, 2, 3, 4, 5)), /trailing bytes/);
});

test('takes the cap as a number or in options, and a header of exactly the cap is accepted', () => {
  const header = ONE_2x2.padEnd(64, ' ');
  assert.equal(readSafetensors(file(header, f32(1, 2, 3, 4)), 64).tensors.size, 1);
  assert.equal(readSafetensors(file(header, f32(1, 2, 3, 4)), { maxHeaderBytes: 64 }).tensors.size, 1);
  rejects(file(header + ' ', f32(1, 2, 3, 4)), /exceeds the cap/, 64);
  const atCap = ONE_2x2.padEnd(DEFAULT_MAX_HEADER_BYTES, ' ');
  assert.equal(readSafetensors(file(atCap, f32(1, 2, 3, 4))).dataStart, 8 + DEFAULT_MAX_HEADER_BYTES);
  rejects(file(atCap + ' ', f32(1, 2, 3, 4)), /exceeds the cap/);
});

test('a shape with a zero dimension has no elements, however large its other dimensions', () => {
  const parsed = readSafetensors(file('{"e":{"dtype":"F32","shape":[9007199254740991,0],"data_offsets":[0,0]}}'));
  assert.equal(parsed.tensors.get('e')?.elementCount, 0);
  rejects(file('{"e":{"dtype":"F32","shape":[4503599627370496,2],"data_offsets":[0,0]}}'), /overflows/);
});

test('refuses NaN and infinities in tensor data, whatever their payload or sign', () => {
  for (const bits of [0x7fc00000, 0x7f800000, 0xff800000, 0x7f800001, 0xffffffff]) {
    const data = f32(1, 2, 3, 4);
    new DataView(data.buffer).setUint32(8, bits, true);
    rejects(file(ONE_2x2, data), /non-finite/);
  }
  // The largest finite values and negative zero pass.
  assert.equal(readSafetensors(file(ONE_2x2, f32(3.4028234663852886e38, -3.4028234663852886e38, -0, 1e-45))).tensors.size, 1);
});

test('given the tensors a manifest lists, the shard must hold exactly those', () => {
  const two = file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32(1, 2));
  assert.equal(readSafetensors(two, { tensors: ['b', 'a'] }).tensors.size, 2);
  assert.equal(readSafetensors(two).tensors.size, 2, 'without a list, any set of tensors');
  assert.throws(() => readSafetensors(two, { tensors: ['a'] }), /holds unlisted tensor b/);
  assert.throws(() => readSafetensors(two, { tensors: ['a', 'b', 'c'] }), /lacks tensor c/);
});

test('each shard.* switch relaxes exactly one rule, and no switch of another area touches the reader', () => {
  const shardFaults = FAULT_NAMES.filter((name) => name.startsWith('shard.'));
  assert.equal(shardFaults.length, Object.keys(STRICT_SHARD_RULES).length);
  const relaxed = shardFaults.map((fault) => {
    const rules = shardFormatRules(new Set([fault]));
    const changed = Object.entries(rules).filter(([key, value]) => value !== STRICT_SHARD_RULES[key as keyof ShardFormatRules]);
    assert.equal(changed.length, 1, `${fault} changes ${changed.map(([key]) => key).join(', ')}`);
    return changed[0]![0];
  });
  assert.equal(new Set(relaxed).size, shardFaults.length);
  assert.deepEqual(shardFormatRules(new Set(FAULT_NAMES.filter((name) => !name.startsWith('shard.')))), STRICT_SHARD_RULES);
});

test('the writer orders tensors by code point and keeps every name, whatever it looks like', () => {
  const names = ['b', '7', '__proto__', '\u{1F600}', '\uFFFD', 'a'];
  const bytes = encodeSafetensors(names.map((name, i) => ({ name, shape: [1], values: Float32Array.of(i) })), { k: 'v' });
  const parsed = readSafetensors(bytes);
  assert.equal(bytes.length % 8, 0);
  assert.deepEqual([...parsed.tensors.values()].sort((x, y) => x.begin - y.begin).map((t) => t.name), ['7', '__proto__', 'a', 'b', '\uFFFD', '\u{1F600}']);
  assert.deepEqual(names.map((name) => readF32Tensor(parsed, parsed.tensors.get(name)!)[0]), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(parsed.metadata, { k: 'v' });
});
