import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_DESCRIPTOR_TEXT, DEFAULT_MANIFEST_DIGEST } from '../builtin/builtin-model.ts';
import {
  canonicalJson,
  compareCodePoints,
  expectedRootDigest,
  fileDigestProblems,
  fileListProblems,
  manifestDigestProblems,
  rootDigestProblems,
  sha256Hex,
  type Checkpoint,
} from './checkpoint-checks.ts';

const manifestBytes = Buffer.from(`{"descriptor":${DEFAULT_DESCRIPTOR_TEXT},"shards":[]}`);
const bytes = new Map<string, Uint8Array>([['layer-0.safetensors', Buffer.from('abc')], ['model-manifest.json', manifestBytes]]);
const files = [...bytes].map(([path, b]) => ({ path, size: b.length, sha256: sha256Hex(b) }));
const good: Checkpoint = { formatVersion: 1, modelId: 'default', manifestDigest: DEFAULT_MANIFEST_DIGEST, files, rootDigest: expectedRootDigest(files), signature: null };

test('a known root digest, and a conforming checkpoint has no problems', () => {
  const two = [{ path: 'a', size: 10, sha256: 'a'.repeat(64) }, { path: 'b', size: 7, sha256: 'b'.repeat(64) }];
  assert.equal(expectedRootDigest(two), sha256Hex(`${'a'.repeat(64)} 10 a\n${'b'.repeat(64)} 7 b\n`));
  assert.deepEqual(fileListProblems(good, ['layer-0.safetensors']), []);
  assert.deepEqual(fileDigestProblems(good, bytes), []);
  assert.deepEqual(rootDigestProblems(good), []);
  assert.deepEqual(manifestDigestProblems(good, manifestBytes, DEFAULT_MANIFEST_DIGEST), []);
});

test('canonical JSON of the built-in descriptor reproduces its pinned text, whatever the member order', () => {
  const parsed = JSON.parse(DEFAULT_DESCRIPTOR_TEXT) as Record<string, unknown>;
  const reversed = Object.fromEntries(Object.entries(parsed).reverse());
  assert.equal(canonicalJson(reversed), DEFAULT_DESCRIPTOR_TEXT);
});

test('code-point order differs from UTF-16 order above the BMP and sorts "-" before "."', () => {
  assert.ok(compareCodePoints('alpha-1', 'alpha.2') < 0);
  assert.ok(compareCodePoints('\u{1F600}', '\uFFFF') > 0);
  fc.assert(fc.property(fc.string(), fc.string(), (a, b) => Math.sign(compareCodePoints(a, b)) === -Math.sign(compareCodePoints(b, a))));
});

test('each check reports its own violation', () => {
  assert.equal(fileListProblems({ ...good, files: [...files].reverse() }, ['layer-0.safetensors']).length, 1);
  assert.equal(fileListProblems(good, ['layer-0.safetensors', 'layer-1.safetensors']).length, 1);
  const flipped = new Map(bytes).set('layer-0.safetensors', Buffer.from('abd'));
  assert.match(fileDigestProblems(good, flipped)[0] ?? '', /SHA-256/);
  assert.match(fileDigestProblems(good, new Map(bytes).set('layer-0.safetensors', Buffer.from('ab')))[0] ?? '', /bytes read/);
  assert.equal(rootDigestProblems({ ...good, rootDigest: '0'.repeat(64) }).length, 1);
  assert.equal(manifestDigestProblems(good, manifestBytes, '1'.repeat(64)).length, 1);
  assert.equal(manifestDigestProblems({ ...good, manifestDigest: '2'.repeat(64) }, manifestBytes, '2'.repeat(64)).length, 1);
  assert.deepEqual(manifestDigestProblems({ ...good, manifestDigest: sha256Hex(manifestBytes) }, manifestBytes, sha256Hex(manifestBytes)), []);
});
