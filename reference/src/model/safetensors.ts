// Strict safetensors reader (format: 8-byte LE u64 header length N, N bytes of UTF-8 JSON header, data buffer).
// Every rule is checked before any tensor byte is interpreted: header length cap, UTF-8, JSON without duplicate
// keys, supported dtype, shape and offsets consistent with overflow-safe arithmetic, offsets contiguous and
// non-overlapping and covering the data buffer exactly, no trailing bytes.

import { RuntimeError } from '../errors.ts';
import { parseStrictJson } from './strict-json.ts';

export const DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
const F32_BYTES = 4;
const METADATA_KEY = '__metadata__';
const ENTRY_KEYS = ['data_offsets', 'dtype', 'shape'];
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface TensorEntry {
  name: string;
  dtype: 'F32';
  shape: number[];
  elementCount: number;
  /** Byte offsets relative to the start of the data buffer. */
  begin: number;
  end: number;
}

export interface SafetensorsFile {
  bytes: Uint8Array;
  /** Absolute offset of the data buffer in `bytes`. */
  dataStart: number;
  tensors: Map<string, TensorEntry>;
  metadata: Record<string, string> | null;
}

function formatError(message: string): RuntimeError {
  return new RuntimeError('E_MODEL_FORMAT', `safetensors: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function readMetadata(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) throw formatError('__metadata__ must be an object');
  for (const [key, text] of Object.entries(value)) {
    if (typeof text !== 'string') throw formatError(`__metadata__ value for ${JSON.stringify(key)} is not a string`);
  }
  return value as Record<string, string>;
}

function readEntry(name: string, value: unknown): TensorEntry {
  if (name.length === 0) throw formatError('empty tensor name');
  if (!isPlainObject(value)) throw formatError(`entry ${name} is not an object`);
  const keys = Object.keys(value).sort();
  if (keys.length !== ENTRY_KEYS.length || keys.some((key, i) => key !== ENTRY_KEYS[i])) {
    throw formatError(`entry ${name} must have exactly dtype, shape and data_offsets`);
  }
  const { dtype, shape, data_offsets: offsets } = value;
  if (dtype !== 'F32') throw formatError(`tensor ${name} has unsupported dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw formatError(`tensor ${name} has an invalid shape`);
  let elementCount = 1;
  for (const dim of shape) {
    // Overflow-safe: the byte length elementCount * 4 must stay a safe integer.
    if (dim !== 0 && elementCount > Math.floor(Number.MAX_SAFE_INTEGER / F32_BYTES / dim)) {
      throw formatError(`tensor ${name} shape overflows`);
    }
    elementCount *= dim;
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw formatError(`tensor ${name} has invalid data_offsets`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end - begin !== elementCount * F32_BYTES) {
    throw formatError(`tensor ${name} data_offsets do not match its shape`);
  }
  return { name, dtype, shape, elementCount, begin, end };
}

function decodeHeader(bytes: Uint8Array, headerLength: number): unknown {
  const headerBytes = bytes.subarray(8, 8 + headerLength);
  if (headerBytes[0] !== 0x7b) throw formatError('header does not start with "{"');
  let text: string;
  try {
    text = UTF8.decode(headerBytes);
  } catch {
    throw formatError('header is not valid UTF-8');
  }
  // The format pads the header with spaces (0x20) only; any other trailing byte is a malformed header.
  if (!text.replace(/ +$/, '').endsWith('}')) throw formatError('header padding must be spaces after the JSON object');
  try {
    return parseStrictJson(text);
  } catch (error) {
    throw formatError(`header is not valid JSON (${(error as Error).message})`);
  }
}

export function readSafetensors(bytes: Uint8Array, maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES): SafetensorsFile {
  if (bytes.length < 8) throw formatError('file shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthLow = view.getUint32(0, true);
  const lengthHigh = view.getUint32(4, true);
  if (lengthHigh !== 0 || lengthLow > maxHeaderBytes) throw formatError('header length exceeds the cap');
  const headerLength = lengthLow;
  if (8 + headerLength > bytes.length) throw formatError('file shorter than its header length');
  const header = decodeHeader(bytes, headerLength);
  if (!isPlainObject(header)) throw formatError('header is not a JSON object');

  let metadata: Record<string, string> | null = null;
  const tensors = new Map<string, TensorEntry>();
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = readMetadata(value);
    else tensors.set(name, readEntry(name, value));
  }

  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const ordered = [...tensors.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const entry of ordered) {
    if (entry.begin !== expectedBegin) {
      throw formatError(`tensor ${entry.name} ${entry.begin < expectedBegin ? 'overlaps' : 'leaves a gap'}`);
    }
    expectedBegin = entry.end;
  }
  if (expectedBegin > dataLength) throw formatError('tensor data extends past the end of the file');
  if (expectedBegin < dataLength) throw formatError('trailing bytes after the last tensor');
  return { bytes, dataStart, tensors, metadata };
}

/** Copies one F32 tensor out as little-endian values, whatever the host byte order and buffer alignment. */
export function readF32Tensor(file: SafetensorsFile, entry: TensorEntry): Float32Array {
  const view = new DataView(file.bytes.buffer, file.bytes.byteOffset + file.dataStart + entry.begin, entry.end - entry.begin);
  const values = new Float32Array(entry.elementCount);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * F32_BYTES, true);
  return values;
}
