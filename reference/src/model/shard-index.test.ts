import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeError } from '../errors.ts';
import { buildShardIndex, readShardIndex, verifyShardIndex, type IndexedShard } from './shard-index.ts';

const SHARDS: IndexedShard[] = [
  { path: 'layer-0.safetensors', tensors: [{ name: 'layers.0.router.tier.weight', byteLength: 64 }, { name: 'layers.0.router.expert.weight', byteLength: 512 }] },
  { path: 'globals.safetensors', tensors: [{ name: 'norm.weight', byteLength: 32 }, { name: '7', byteLength: 0 }] },
];

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

function refused(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => error instanceof RuntimeError && error.code === 'E_MODEL_FORMAT' && pattern.test(error.message));
}

test('writes the weight_map layout with members in code-point order and the summed total_size', () => {
  const bytes = buildShardIndex(SHARDS);
  assert.equal(
    new TextDecoder().decode(bytes),
    '{\n  "metadata": {\n    "total_size": 608\n  },\n  "weight_map": {\n' +
      '    "7": "globals.safetensors",\n' +
      '    "layers.0.router.expert.weight": "layer-0.safetensors",\n' +
      '    "layers.0.router.tier.weight": "layer-0.safetensors",\n' +
      '    "norm.weight": "globals.safetensors"\n  }\n}\n',
  );
  assert.deepEqual(buildShardIndex([...SHARDS].reverse()), bytes, 'shard order does not change the bytes');
  assert.equal(new TextDecoder().decode(buildShardIndex([])), '{\n  "metadata": {\n    "total_size": 0\n  },\n  "weight_map": {}\n}\n');
});

test('reads back what it writes, and the index verifies against its shards', () => {
  const index = readShardIndex(buildShardIndex(SHARDS));
  assert.equal(index.totalSize, 608);
  assert.deepEqual(index.files, ['globals.safetensors', 'layer-0.safetensors']);
  assert.equal(index.weightMap.get('norm.weight'), 'globals.safetensors');
  assert.deepEqual([...index.weightMap.keys()], ['7', 'layers.0.router.expert.weight', 'layers.0.router.tier.weight', 'norm.weight']);
  verifyShardIndex(index, SHARDS);
});

test('orders astral characters by code point, after U+FFFD', () => {
  const shards = [{ path: 'a.safetensors', tensors: [{ name: '\u{1F600}', byteLength: 4 }, { name: '\uFFFD', byteLength: 4 }] }];
  assert.deepEqual([...readShardIndex(buildShardIndex(shards)).weightMap.keys()], ['\uFFFD', '\u{1F600}']);
});

test('refuses to write bad file names, tensors in two shards and bad byte lengths', () => {
  for (const path of ['', '../x.safetensors', 'a/b.safetensors', '..', '.hidden', 'a\\b', 'a b']) {
    refused(() => buildShardIndex([{ path, tensors: [] }]), /one relative path segment/);
  }
  refused(() => buildShardIndex([{ path: 'a', tensors: [] }, { path: 'a', tensors: [] }]), /listed twice/);
  refused(() => buildShardIndex([{ path: 'a', tensors: [{ name: 't', byteLength: 4 }] }, { path: 'b', tensors: [{ name: 't', byteLength: 4 }] }]), /two shards/);
  refused(() => buildShardIndex([{ path: 'a', tensors: [{ name: 't', byteLength: -4 }] }]), /byte length/);
  refused(() => buildShardIndex([{ path: 'a', tensors: [{ name: 't', byteLength: 1.5 }] }]), /byte length/);
  refused(() => buildShardIndex([{ path: 'a', tensors: [{ name: '', byteLength: 0 }] }]), /not allowed/);
  refused(() => buildShardIndex([{ path: 'a', tensors: [{ name: 'x', byteLength: 2 ** 52 }, { name: 'y', byteLength: 2 ** 52 }] }]), /safe integer/);
});

test('refuses indexes that are not strictly the layout', () => {
  const ok = (map: string, total = '0'): string => `{"metadata":{"total_size":${total}},"weight_map":${map}}`;
  assert.equal(readShardIndex(text(ok('{}'))).files.length, 0);
  refused(() => readShardIndex(new Uint8Array([0x7b, 0xff, 0x7d])), /UTF-8 JSON/);
  refused(() => readShardIndex(text(ok('{"a":"x","a":"y"}'))), /duplicate key/);
  refused(() => readShardIndex(text('{"metadata":{"total_size":0},"metadata":{"total_size":0},"weight_map":{}}')), /duplicate key/);
  refused(() => readShardIndex(text('[]')), /not a JSON object/);
  refused(() => readShardIndex(text('{"weight_map":{}}')), /exactly metadata, weight_map/);
  refused(() => readShardIndex(text(`{"metadata":{"total_size":0},"weight_map":{},"extra":1}`)), /exactly metadata, weight_map/);
  refused(() => readShardIndex(text('{"metadata":{"total_size":0,"format":"pt"},"weight_map":{}}')), /exactly total_size/);
  refused(() => readShardIndex(text('{"metadata":[],"weight_map":{}}')), /metadata is not an object/);
  for (const total of ['-1', '1.5', '"4"', '9007199254740992']) refused(() => readShardIndex(text(ok('{}', total))), /total_size/);
  refused(() => readShardIndex(text(ok('[]'))), /weight_map is not an object/);
  for (const file of ['"../a"', '"a/b"', '""', '1', 'null', '".a"']) refused(() => readShardIndex(text(ok(`{"t":${file}}`))), /path segment/);
  refused(() => readShardIndex(text(ok('{"":"a"}'))), /not allowed/);
  refused(() => readShardIndex(text(ok('{"__metadata__":"a"}'))), /not allowed/);
});

test('verification finds tensors in the wrong shard, unknown entries and a wrong total_size', () => {
  const index = readShardIndex(buildShardIndex(SHARDS));
  const moved = [SHARDS[0]!, { path: 'globals.safetensors', tensors: [{ name: 'norm.weight', byteLength: 32 }] }, { path: 'x', tensors: [{ name: '7', byteLength: 0 }] }];
  refused(() => verifyShardIndex(index, moved), /tensor 7 is in x, the index says globals.safetensors/);
  refused(() => verifyShardIndex(index, [SHARDS[0]!]), /names tensors no shard holds/);
  refused(() => verifyShardIndex(index, [SHARDS[0]!, { path: 'globals.safetensors', tensors: [{ name: 'extra', byteLength: 4 }] }]), /extra is in globals/);
  const grown = [SHARDS[0]!, { path: 'globals.safetensors', tensors: [{ name: 'norm.weight', byteLength: 36 }, { name: '7', byteLength: 0 }] }];
  refused(() => verifyShardIndex(index, grown), /total_size 608 differs/);
});
