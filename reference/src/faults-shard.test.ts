import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { readF32Tensor, readSafetensors } from './model/safetensors.ts';
import { buildTestModel, manifestText, sha256Hex } from './test-support/fixture-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { assertError, call } from './test-support/inject.ts';

// Shard-format faults (SPEC-028): each switch makes the reader accept one kind of breach (or refuse one allowed
// variation). The last shard of a small model is rewritten by hand; its manifest entry describes the new bytes, so
// the conforming server's only objection is the format.
const base = buildTestModel({ name: 'shardfmt', dModel: 4, layers: 2, tiers: 2, groupsPerTier: 2, expertsPerGroup: 2, topK: [1, 1, 1] });
const [E, G, T] = ['expert', 'group', 'tier'].map((level) => `layers.1.router.${level}.weight`) as [string, string, string];
const SHAPES = { [E]: [8, 4], [G]: [4, 4], [T]: [2, 4] } as const;
const intact = readSafetensors(base.shards[1]!.bytes);
const VALUES = new Map([E, G, T].map((name) => [name, readF32Tensor(intact, intact.tensors.get(name)!)]));
const CAP = 1024 * 1024;

let bench: FaultBench;
let served = 0;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

type Range = readonly [number, number];
interface Shard {
  /** Byte ranges; default contiguous E [0,128], G [128,192], T [192,224]. */
  ranges?: Record<string, Range>;
  dataLength?: number;
  /** Header members between the braces; default from the ranges, with metadata first. */
  members?: string;
  lead?: string;
  close?: string;
  padding?: string;
  declared?: bigint;
  /** Raw bytes replacing the text `@RAW@` in the header. */
  raw?: number[];
  trailing?: number;
  words?: [number, number][];
}

const DEFAULT_RANGES: Record<string, Range> = { [E]: [0, 128], [G]: [128, 192], [T]: [192, 224] };
const entry = (name: string, [begin, end]: Range, dtype = 'F32'): string =>
  `${JSON.stringify(name)}:{"dtype":"${dtype}","shape":${JSON.stringify(SHAPES[name])},"data_offsets":[${begin},${end}]}`;
const membersOf = (ranges: Record<string, Range>, meta = '{"layer":"1"}'): string =>
  [`"__metadata__":${meta}`, ...[E, G, T].map((name) => entry(name, ranges[name]!))].join(',');

function shard(s: Shard = {}): Uint8Array {
  const ranges = s.ranges ?? DEFAULT_RANGES;
  const text = `${s.lead ?? ''}{${s.members ?? membersOf(ranges)}${s.close ?? '}'}${s.padding ?? ''}`;
  let header = Buffer.from(text, 'utf8');
  const marker = header.indexOf('@RAW@');
  if (s.raw !== undefined && marker >= 0) header = Buffer.concat([header.subarray(0, marker), Buffer.from(s.raw), header.subarray(marker + 5)]);
  const dataLength = s.dataLength ?? Math.max(...Object.values(ranges).map(([, end]) => end));
  const out = Buffer.alloc(8 + header.length + dataLength + (s.trailing ?? 0));
  out.writeBigUInt64LE(s.declared ?? BigInt(header.length), 0);
  header.copy(out, 8);
  const data = 8 + header.length;
  for (const [name, values] of VALUES) values.forEach((v, i) => ranges[name]![0] + 4 * i + 4 <= dataLength && out.writeFloatLE(v, data + ranges[name]![0] + 4 * i));
  for (const [at, bits] of s.words ?? []) out.writeUInt32LE(bits, data + at);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

type Outcome = 201 | 'E_MODEL_FORMAT' | 'E_INTERNAL';
const LOADS: Outcome = 201;
const REFUSED: Outcome = 'E_MODEL_FORMAT';

/** Loads a model whose last shard is `bytes` into both servers: the conforming one, then the mutant. */
async function compare(pair: Promise<[FastifyInstance, FastifyInstance]>, bytes: Uint8Array, clean: Outcome, faulty: Outcome): Promise<void> {
  const apps = await pair;
  const entries = base.shards.map((_, i) => (i === 1 ? { size: bytes.length, sha256: sha256Hex(bytes) } : {}));
  const url = bench.fixtures.serveModel(`shard-${served++}`, base, { shardBytes: new Map([[1, bytes]]), manifest: manifestText(base, entries) });
  for (const [app, outcome] of [[apps[0], clean], [apps[1], faulty]] as const) {
    const response = await call(app, 'POST', '/v1/models', { body: { manifestUrl: url } });
    if (outcome === 201) assert.equal(response.statusCode, 201, response.body);
    else assertError(response, outcome === 'E_MODEL_FORMAT' ? 422 : 500, outcome);
  }
}

test('the hand-written intact shard loads, with and without a switch', async () => {
  await compare(bench.pair('shard.gap-allowed'), shard(), LOADS, LOADS);
});

test('shard.offsets-in-header-order: tensor data in another order than the header members is refused', async () => {
  const ranges: Record<string, Range> = { [T]: [0, 32], [E]: [32, 160], [G]: [160, 224] };
  await compare(bench.pair('shard.offsets-in-header-order'), shard({ ranges, members: [E, G, T].map((n) => entry(n, ranges[n]!)).join(',') }), LOADS, REFUSED);
});

test('shard.header-cap-exclusive: a header of exactly 1 MiB is refused', async () => {
  const members = membersOf(DEFAULT_RANGES);
  await compare(bench.pair('shard.header-cap-exclusive'), shard({ padding: ' '.repeat(CAP - members.length - 2) }), LOADS, REFUSED);
});

test('shard.no-header-cap: a header over 1 MiB is accepted', async () => {
  const members = membersOf(DEFAULT_RANGES);
  await compare(bench.pair('shard.no-header-cap'), shard({ padding: ' '.repeat(CAP + 1 - members.length - 2) }), REFUSED, LOADS);
});

test('shard.header-length-low32: a header length of 2^32 + N reads as N', async () => {
  const header = `{${membersOf(DEFAULT_RANGES)}}`.length;
  await compare(bench.pair('shard.header-length-low32'), shard({ declared: BigInt(header) + 2n ** 32n }), REFUSED, LOADS);
});

test('shard.leading-whitespace: a space before the header object is accepted', async () => {
  await compare(bench.pair('shard.leading-whitespace'), shard({ lead: ' ' }), REFUSED, LOADS);
});

test('shard.lenient-utf8: a byte FF in a metadata value is accepted', async () => {
  await compare(bench.pair('shard.lenient-utf8'), shard({ members: membersOf(DEFAULT_RANGES, '{"n":"a@RAW@b"}'), raw: [0xff] }), REFUSED, LOADS);
});

test('shard.json-error-escapes: a trailing comma in the header is a 500', async () => {
  await compare(bench.pair('shard.json-error-escapes'), shard({ close: ',}' }), REFUSED, 'E_INTERNAL');
});

test('shard.duplicate-keys-last-wins: a tensor entry given twice is accepted', async () => {
  await compare(bench.pair('shard.duplicate-keys-last-wins'), shard({ members: `${membersOf(DEFAULT_RANGES)},${entry(T, [192, 224])}` }), REFUSED, LOADS);
});

test('shard.any-whitespace-padding: a line feed after the header object is accepted', async () => {
  await compare(bench.pair('shard.any-whitespace-padding'), shard({ padding: '\n' }), REFUSED, LOADS);
});

test('shard.metadata-unchecked: a number in __metadata__ is accepted', async () => {
  await compare(bench.pair('shard.metadata-unchecked'), shard({ members: membersOf(DEFAULT_RANGES, '{"layer":1}') }), REFUSED, LOADS);
});

test('shard.entry-extra-members: an entry with an extra member is accepted', async () => {
  const members = membersOf(DEFAULT_RANGES).replace('"data_offsets":[192,224]}', '"data_offsets":[192,224],"ndim":2}');
  await compare(bench.pair('shard.entry-extra-members'), shard({ members }), REFUSED, LOADS);
});

test('shard.dtype-unchecked: a BF16 entry over F32 bytes is accepted', async () => {
  const members = [`"__metadata__":{}`, entry(E, [0, 128]), entry(G, [128, 192]), entry(T, [192, 224], 'BF16')].join(',');
  await compare(bench.pair('shard.dtype-unchecked'), shard({ members }), REFUSED, LOADS);
});

test('shard.shape-unchecked: a shape that is a number is a 500', async () => {
  const members = membersOf(DEFAULT_RANGES).replace('"shape":[2,4]', '"shape":8');
  await compare(bench.pair('shard.shape-unchecked'), shard({ members }), REFUSED, 'E_INTERNAL');
});

test('shard.offsets-length-unchecked: a range 4 bytes longer than its shape is accepted', async () => {
  await compare(bench.pair('shard.offsets-length-unchecked'), shard({ ranges: { ...DEFAULT_RANGES, [T]: [192, 228] } }), REFUSED, LOADS);
});

test('shard.overlap-allowed: overlapping ranges are accepted', async () => {
  await compare(bench.pair('shard.overlap-allowed'), shard({ ranges: { [E]: [0, 128], [G]: [124, 188], [T]: [188, 220] } }), REFUSED, LOADS);
});

test('shard.gap-allowed: unused bytes between ranges are accepted', async () => {
  await compare(bench.pair('shard.gap-allowed'), shard({ ranges: { [E]: [0, 128], [G]: [132, 196], [T]: [196, 228] } }), REFUSED, LOADS);
});

test('shard.trailing-bytes-allowed: bytes after the last tensor are accepted', async () => {
  await compare(bench.pair('shard.trailing-bytes-allowed'), shard({ trailing: 4 }), REFUSED, LOADS);
});

test('shard.short-data-allowed: a tensor past the end of the file is a 500', async () => {
  await compare(bench.pair('shard.short-data-allowed'), shard({ dataLength: 220 }), REFUSED, 'E_INTERNAL');
});

test('shard.non-finite-accepted: a NaN weight is accepted', async () => {
  await compare(bench.pair('shard.non-finite-accepted'), shard({ words: [[132, 0x7fc00000]] }), REFUSED, LOADS);
});

test('shard.unlisted-tensor-ignored: a tensor the manifest does not list is accepted', async () => {
  const members = `${membersOf(DEFAULT_RANGES)},"extra":{"dtype":"F32","shape":[1],"data_offsets":[224,228]}`;
  await compare(bench.pair('shard.unlisted-tensor-ignored'), shard({ members, dataLength: 228 }), REFUSED, LOADS);
});
