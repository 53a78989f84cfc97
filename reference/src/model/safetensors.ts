// Strict safetensors reader (SPEC-028; format: 8-byte LE u64 header length N, N bytes of UTF-8 JSON header padded
// with spaces, data buffer). Every rule is checked before any tensor value is handed out: header length cap, UTF-8,
// JSON without duplicate keys, entry members, F32 only, shapes and offsets with overflow-safe arithmetic, byte
// ranges tiling the data buffer exactly, finite values, and (given a manifest entry) exactly the listed tensors.

import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import { parseStrictJson } from './strict-json.ts';

/** SPEC-028 §4.2: the largest header length N a shard may declare, 2^20 bytes. */
export const DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
const F32_BYTES = 4;
/** The largest element count whose byte length 4·P is still a safe integer. */
const MAX_ELEMENTS = Math.floor(Number.MAX_SAFE_INTEGER / F32_BYTES);
const METADATA_KEY = '__metadata__';
const ENTRY_KEYS = ['data_offsets', 'dtype', 'shape'];
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const SPACE = 0x20;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_REPLACING = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

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

/** Which SPEC-028 rules the reader enforces: all of them, except where a fault switch breaks one for a mutant. */
export interface ShardFormatRules {
  readHighWord: boolean;
  capHeader: boolean;
  capInclusive: boolean;
  firstByteBrace: boolean;
  strictUtf8: boolean;
  translateJsonErrors: boolean;
  rejectDuplicateKeys: boolean;
  spacePaddingOnly: boolean;
  checkMetadata: boolean;
  exactEntryMembers: boolean;
  checkDtype: boolean;
  checkShape: boolean;
  checkExtent: boolean;
  tileByOffsets: boolean;
  rejectOverlap: boolean;
  rejectGap: boolean;
  rejectTrailing: boolean;
  rejectShortData: boolean;
  rejectNonFinite: boolean;
  exactTensorSet: boolean;
}

export const STRICT_SHARD_RULES: Readonly<ShardFormatRules> = Object.freeze({
  readHighWord: true, capHeader: true, capInclusive: true, firstByteBrace: true, strictUtf8: true,
  translateJsonErrors: true, rejectDuplicateKeys: true, spacePaddingOnly: true, checkMetadata: true,
  exactEntryMembers: true, checkDtype: true, checkShape: true, checkExtent: true, tileByOffsets: true,
  rejectOverlap: true, rejectGap: true, rejectTrailing: true, rejectShortData: true, rejectNonFinite: true,
  exactTensorSet: true,
});

export function shardFormatRules(faults: FaultSet): ShardFormatRules {
  return {
    // FAULT shard.header-length-low32: the high 32 bits of the header length are ignored.
    readHighWord: !faults.has('shard.header-length-low32'),
    // FAULT shard.no-header-cap: any header length that fits the file is accepted.
    capHeader: !faults.has('shard.no-header-cap'),
    // FAULT shard.header-cap-exclusive: a header of exactly the cap is refused.
    capInclusive: !faults.has('shard.header-cap-exclusive'),
    // FAULT shard.leading-whitespace: the header need not start with "{".
    firstByteBrace: !faults.has('shard.leading-whitespace'),
    // FAULT shard.lenient-utf8: malformed UTF-8 decodes to U+FFFD instead of being refused.
    strictUtf8: !faults.has('shard.lenient-utf8'),
    // FAULT shard.json-error-escapes: header syntax errors leave the reader as they are (E_INTERNAL).
    translateJsonErrors: !faults.has('shard.json-error-escapes'),
    // FAULT shard.duplicate-keys-last-wins: JSON.parse reads the header; the last duplicate wins.
    rejectDuplicateKeys: !faults.has('shard.duplicate-keys-last-wins'),
    // FAULT shard.any-whitespace-padding: tab, CR and LF count as header padding too.
    spacePaddingOnly: !faults.has('shard.any-whitespace-padding'),
    // FAULT shard.metadata-unchecked: `__metadata__` is not checked at all.
    checkMetadata: !faults.has('shard.metadata-unchecked'),
    // FAULT shard.entry-extra-members: unknown entry members are ignored.
    exactEntryMembers: !faults.has('shard.entry-extra-members'),
    // FAULT shard.dtype-unchecked: every dtype is read as F32.
    checkDtype: !faults.has('shard.dtype-unchecked'),
    // FAULT shard.shape-unchecked: shapes are multiplied out without any check.
    checkShape: !faults.has('shard.shape-unchecked'),
    // FAULT shard.offsets-length-unchecked: a tensor's extent need not match its shape.
    checkExtent: !faults.has('shard.offsets-length-unchecked'),
    // FAULT shard.offsets-in-header-order: tiling is checked in header order.
    tileByOffsets: !faults.has('shard.offsets-in-header-order'),
    // FAULT shard.overlap-allowed: overlapping byte ranges are accepted.
    rejectOverlap: !faults.has('shard.overlap-allowed'),
    // FAULT shard.gap-allowed: unused bytes between or before tensors are accepted.
    rejectGap: !faults.has('shard.gap-allowed'),
    // FAULT shard.trailing-bytes-allowed: unused bytes after the last tensor are accepted.
    rejectTrailing: !faults.has('shard.trailing-bytes-allowed'),
    // FAULT shard.short-data-allowed: tensors may reach past the end of the file.
    rejectShortData: !faults.has('shard.short-data-allowed'),
    // FAULT shard.non-finite-accepted: NaN and infinities pass.
    rejectNonFinite: !faults.has('shard.non-finite-accepted'),
    // FAULT shard.unlisted-tensor-ignored: tensors the manifest entry does not list pass.
    exactTensorSet: !faults.has('shard.unlisted-tensor-ignored'),
  };
}

export interface ShardReadOptions {
  /** Header length cap N (default 2^20, SPEC-028 §4.2); lower values are for tests. */
  maxHeaderBytes?: number;
  /** The exact tensor names the file must hold (its manifest entry's `tensors`); absent: any set. */
  tensors?: readonly string[];
  rules?: Readonly<ShardFormatRules>;
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

function headerLengthOf(bytes: Uint8Array, maxHeaderBytes: number, rules: Readonly<ShardFormatRules>): number {
  if (bytes.length < 8) throw formatError('file shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  // REQ-028-002: all 64 bits count; a length of 2^32 or more is over the cap whatever its low word says.
  if (high !== 0 && rules.readHighWord) throw formatError('header length exceeds the cap');
  const overCap = rules.capInclusive ? low > maxHeaderBytes : low >= maxHeaderBytes;
  if (overCap && rules.capHeader) throw formatError('header length exceeds the cap');
  if (8 + low > bytes.length) throw formatError('file shorter than its header length'); // REQ-028-016
  return low;
}

function isJsonWhitespace(code: number): boolean {
  return code === SPACE || code === 0x09 || code === 0x0a || code === 0x0d;
}

function decodeHeader(headerBytes: Uint8Array, rules: Readonly<ShardFormatRules>): unknown {
  if (headerBytes[0] !== OPEN_BRACE && rules.firstByteBrace) throw formatError('header does not start with "{"'); // REQ-028-003
  let text: string;
  try {
    text = (rules.strictUtf8 ? UTF8 : UTF8_REPLACING).decode(headerBytes); // REQ-028-004
  } catch {
    throw formatError('header is not valid UTF-8');
  }
  // REQ-028-007: padding is spaces only. A loop, not a regular expression: / +$/ is quadratic on long space runs.
  const isPadding = rules.spacePaddingOnly ? (code: number) => code === SPACE : isJsonWhitespace;
  let end = text.length;
  while (end > 0 && isPadding(text.charCodeAt(end - 1))) end--;
  if (text.charCodeAt(end - 1) !== CLOSE_BRACE) throw formatError('header padding must be spaces after the JSON object');
  const parse = rules.rejectDuplicateKeys ? parseStrictJson : (json: string): unknown => JSON.parse(json);
  if (!rules.translateJsonErrors) return parse(text);
  try {
    return parse(text); // REQ-028-005, REQ-028-006
  } catch (error) {
    throw formatError(`header is not valid JSON (${(error as Error).message})`);
  }
}

function readMetadata(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) throw formatError('__metadata__ must be an object');
  for (const [key, text] of Object.entries(value)) {
    if (typeof text !== 'string') throw formatError(`__metadata__ value for ${JSON.stringify(key)} is not a string`);
  }
  return value as Record<string, string>;
}

/** REQ-028-011: P = product of the dimensions (0 if any is 0), with 4·P a safe integer. */
function elementCountOf(name: string, shape: unknown, rules: Readonly<ShardFormatRules>): number {
  if (!rules.checkShape) {
    let product = 1;
    for (const dim of shape as Iterable<number>) product *= dim;
    return product;
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw formatError(`tensor ${name} has an invalid shape`);
  if (shape.includes(0)) return 0;
  let count = 1;
  for (const dim of shape) {
    // Exact: floor(MAX_ELEMENTS / dim) is computed without crossing an integer, so count·dim never leaves the safe range.
    if (count > Math.floor(MAX_ELEMENTS / dim)) throw formatError(`tensor ${name} shape overflows`);
    count *= dim;
  }
  return count;
}

function readEntry(name: string, value: unknown, rules: Readonly<ShardFormatRules>): TensorEntry {
  if (name.length === 0) throw formatError('empty tensor name');
  if (!isPlainObject(value)) throw formatError(`entry ${name} is not an object`);
  const keys = Object.keys(value).sort();
  const members = rules.exactEntryMembers ? keys.length === ENTRY_KEYS.length && keys.every((key, i) => key === ENTRY_KEYS[i]) : ENTRY_KEYS.every((key) => keys.includes(key));
  if (!members) throw formatError(`entry ${name} must have exactly dtype, shape and data_offsets`); // REQ-028-009
  const { dtype, shape, data_offsets: offsets } = value;
  if (dtype !== 'F32' && rules.checkDtype) throw formatError(`tensor ${name} has unsupported dtype ${JSON.stringify(dtype)}`); // REQ-028-010
  const elementCount = elementCountOf(name, shape, rules);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw formatError(`tensor ${name} has invalid data_offsets`); // REQ-028-012
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || (end - begin !== elementCount * F32_BYTES && rules.checkExtent)) {
    throw formatError(`tensor ${name} data_offsets do not match its shape`);
  }
  return { name, dtype: 'F32', shape: shape as number[], elementCount, begin, end };
}

/** REQ-028-013 to REQ-028-016: sorted by (begin, end), the byte ranges tile [0, dataLength) exactly. */
function checkTiling(entries: readonly TensorEntry[], dataLength: number, rules: Readonly<ShardFormatRules>): void {
  const ordered = rules.tileByOffsets ? [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end) : entries;
  let covered = 0;
  for (const entry of ordered) {
    if (entry.begin < covered && rules.rejectOverlap) throw formatError(`tensor ${entry.name} overlaps`);
    if (entry.begin > covered && rules.rejectGap) throw formatError(`tensor ${entry.name} leaves a gap`);
    covered = Math.max(covered, entry.end);
  }
  if (covered > dataLength && rules.rejectShortData) throw formatError('tensor data extends past the end of the file');
  if (covered < dataLength && rules.rejectTrailing) throw formatError('trailing bytes after the last tensor');
}

/** REQ-028-017: a binary32 value is NaN or infinite exactly when its 8 exponent bits are all ones. */
function checkFinite(bytes: Uint8Array, dataStart: number, entries: readonly TensorEntry[]): void {
  for (const entry of entries) {
    const to = Math.min(bytes.length, dataStart + entry.end);
    for (let high = dataStart + entry.begin + 3; high < to; high += F32_BYTES) {
      if ((bytes[high]! & 0x7f) === 0x7f && (bytes[high - 1]! & 0x80) === 0x80) {
        throw formatError(`tensor ${entry.name} holds a non-finite value`);
      }
    }
  }
}

/** REQ-028-018: the file holds exactly the tensors its manifest entry lists. */
function checkTensorSet(tensors: ReadonlyMap<string, TensorEntry>, listed: readonly string[], rules: Readonly<ShardFormatRules>): void {
  const wanted = new Set(listed);
  for (const name of wanted) if (!tensors.has(name)) throw formatError(`shard lacks tensor ${name}`);
  if (!rules.exactTensorSet) return;
  for (const name of tensors.keys()) if (!wanted.has(name)) throw formatError(`shard holds unlisted tensor ${name}`);
}

/** Reads a shard strictly; `options` as a number is the header length cap alone. Throws E_MODEL_FORMAT. */
export function readSafetensors(bytes: Uint8Array, options: ShardReadOptions | number = {}): SafetensorsFile {
  const { maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES, tensors: listed, rules = STRICT_SHARD_RULES } = typeof options === 'number' ? { maxHeaderBytes: options } : options;
  const headerLength = headerLengthOf(bytes, maxHeaderBytes, rules);
  const header = decodeHeader(bytes.subarray(8, 8 + headerLength), rules);
  if (!isPlainObject(header)) throw formatError('header is not a JSON object');

  let metadata: Record<string, string> | null = null;
  const tensors = new Map<string, TensorEntry>();
  for (const [name, value] of Object.entries(header)) {
    if (name !== METADATA_KEY) tensors.set(name, readEntry(name, value, rules));
    else metadata = rules.checkMetadata ? readMetadata(value) : (value as Record<string, string>); // REQ-028-008
  }
  const dataStart = 8 + headerLength;
  const entries = [...tensors.values()];
  checkTiling(entries, bytes.length - dataStart, rules);
  if (rules.rejectNonFinite) checkFinite(bytes, dataStart, entries);
  if (listed !== undefined) checkTensorSet(tensors, listed, rules);
  return { bytes, dataStart, tensors, metadata };
}

/** Copies one F32 tensor out as little-endian values, whatever the host byte order and buffer alignment. */
export function readF32Tensor(file: SafetensorsFile, entry: TensorEntry): Float32Array {
  const view = new DataView(file.bytes.buffer, file.bytes.byteOffset + file.dataStart + entry.begin, entry.end - entry.begin);
  const values = new Float32Array(entry.elementCount);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * F32_BYTES, true);
  return values;
}
