import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isRuntimeError } from '../errors.ts';
import { parseFaults } from '../faults.ts';
import { builtinModel } from '../model/builtin-models.ts';
import {
  buildCheckpoint,
  CHECKPOINT_FILE,
  descriptorDigest,
  MODEL_MANIFEST_FILE,
  parseCheckpoint,
  rootDigestOf,
  serializeCheckpoint,
  type SnapshotFile,
} from './checkpoint-manifest.ts';
import { verifySnapshotDirectory } from './checkpoint-verify.ts';
import { snapshotBehaviour } from './snapshot-behaviour.ts';

const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
const isIntegrity = (error: unknown): boolean => isRuntimeError(error) && error.code === 'E_SNAPSHOT_INTEGRITY';

const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,11}$/);
const filesArb: fc.Arbitrary<SnapshotFile[]> = fc
  .uniqueArray(fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')), { minLength: 1, maxLength: 6 })
  .filter((paths) => !paths.some((p) => p === MODEL_MANIFEST_FILE || paths.some((q) => q !== p && q.startsWith(`${p}/`))))
  .chain((paths) => fc.tuple(...paths.map((path) => fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ path, bytes })))));

const MANIFEST = { path: MODEL_MANIFEST_FILE, bytes: Buffer.from('{"descriptor":{"name":"m"},"shards":[]}') };

test('files are sorted by code point and the root digest is SHA-256 over "<sha256> <size> <path>\\n" lines', () => {
  fc.assert(
    fc.property(filesArb, (files) => {
      const checkpoint = buildCheckpoint('m', 'a'.repeat(64), [...files, MANIFEST]);
      const expected = [...files, MANIFEST].map((f) => ({ path: f.path, size: f.bytes.length, sha256: sha(f.bytes) }));
      expected.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
      assert.deepEqual(checkpoint.files, expected);
      assert.equal(checkpoint.rootDigest, sha(expected.map((f) => `${f.sha256} ${f.size} ${f.path}\n`).join('')));
      assert.deepEqual(parseCheckpoint(serializeCheckpoint(checkpoint)), checkpoint);
    }),
    { numRuns: 60 },
  );
});

test('a known root digest: two files a (10 bytes) and b (7 bytes)', () => {
  const files = [{ path: 'a', size: 10, sha256: 'a'.repeat(64) }, { path: 'b', size: 7, sha256: 'b'.repeat(64) }];
  assert.equal(rootDigestOf(files), sha(`${'a'.repeat(64)} 10 a\n${'b'.repeat(64)} 7 b\n`));
});

test('the built-in descriptor digest is the SPEC-001 §4.5 value', () => {
  assert.equal(descriptorDigest(builtinModel('default').manifest.descriptor), 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20');
});

test('parseCheckpoint refuses other format versions, unsorted or duplicate files, bad JSON and a non-null signature object shape', () => {
  const good = buildCheckpoint('m', 'c'.repeat(64), [{ path: 'x', bytes: Buffer.from('1') }, MANIFEST]);
  const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
  assert.throws(() => parseCheckpoint(bytes({ ...good, formatVersion: 2 })), isIntegrity);
  assert.throws(() => parseCheckpoint(bytes({ ...good, files: [...good.files].reverse() })), isIntegrity);
  assert.throws(() => parseCheckpoint(bytes({ ...good, files: [good.files[0], good.files[0]] })), isIntegrity);
  assert.throws(() => parseCheckpoint(bytes({ ...good, signature: {} })), isIntegrity);
  assert.throws(() => parseCheckpoint(Buffer.from('{"formatVersion":1,"formatVersion":1}')), isIntegrity);
  assert.throws(() => parseCheckpoint(Buffer.from([0xff, 0xfe])), isIntegrity);
  const signed = { ...good, signature: { keyId: 'k', algorithm: 'ed25519', value: 'v' } };
  assert.deepEqual(parseCheckpoint(bytes(signed)), signed);
});

/** A snapshot directory of the built-in model's files, checkpoint included. */
function writeBuiltinSnapshot(dir: string): void {
  const builtin = builtinModel('default');
  const files = [...builtin.manifest.shards.map((shard, i) => ({ path: shard.path, bytes: builtin.shards[i]! })), { path: MODEL_MANIFEST_FILE, bytes: builtin.manifestBytes }];
  for (const file of files) writeFileSync(join(dir, file.path), file.bytes);
  writeFileSync(join(dir, CHECKPOINT_FILE), serializeCheckpoint(buildCheckpoint('default', builtin.digest, files)));
}

test('verification passes an intact snapshot and refuses each kind of damage with E_SNAPSHOT_INTEGRITY', async () => {
  const root = mkdtempSync(join(tmpdir(), 'checkpoint-'));
  const fresh = (name: string): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeBuiltinSnapshot(dir);
    return dir;
  };
  try {
    const intact = await verifySnapshotDirectory(fresh('intact'));
    assert.equal(intact.checkpoint.manifestDigest, builtinModel('default').digest);
    assert.deepEqual(intact.shards.map((b) => Buffer.from(b)), builtinModel('default').shards.map((b) => Buffer.from(b)));
    const damages: [string, (dir: string) => void][] = [
      ['a byte changed', (dir) => writeFileSync(join(dir, 'layer-0.safetensors'), Buffer.from(builtinModel('default').shards[1]!.map((b, i) => (i === 4000 ? b ^ 1 : b))))],
      ['a file cut short', (dir) => writeFileSync(join(dir, 'globals.safetensors'), builtinModel('default').shards[0]!.subarray(0, 100))],
      ['a listed file removed', (dir) => unlinkSync(join(dir, 'layer-1.safetensors'))],
      ['an unlisted file added', (dir) => writeFileSync(join(dir, 'notes.txt'), 'x')],
      ['checkpoint.json removed', (dir) => unlinkSync(join(dir, CHECKPOINT_FILE))],
      ['rootDigest altered', (dir) => rewriteCheckpoint(dir, (c) => ({ ...c, rootDigest: '0'.repeat(64) }))],
      ['manifestDigest altered', (dir) => rewriteCheckpoint(dir, (c) => ({ ...c, manifestDigest: '0'.repeat(64) }))],
      ['formatVersion 2', (dir) => rewriteCheckpoint(dir, (c) => ({ ...c, formatVersion: 2 }))],
    ];
    for (const [what, damage] of damages) {
      const dir = fresh(what.replaceAll(' ', '-'));
      damage(dir);
      await assert.rejects(verifySnapshotDirectory(dir), isIntegrity, what);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

function rewriteCheckpoint(dir: string, change: (checkpoint: Record<string, unknown>) => Record<string, unknown>): void {
  const path = join(dir, CHECKPOINT_FILE);
  writeFileSync(path, JSON.stringify(change(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)));
}

test('fault switches change exactly the checkpoint rule they name', () => {
  const files = [{ path: 'layer-0.safetensors', bytes: builtinModel('default').shards[1]! }, MANIFEST];
  const clean = buildCheckpoint('m', 'c'.repeat(64), files);
  const with_ = (name: string) => buildCheckpoint('m', 'c'.repeat(64), files, snapshotBehaviour(parseFaults([name])));
  assert.deepEqual(with_('checkpoint.signature-empty-object').signature, {});
  assert.deepEqual(with_('checkpoint.manifest-listed-first').files.map((f) => f.path), [MODEL_MANIFEST_FILE, 'layer-0.safetensors']);
  assert.notEqual(with_('checkpoint.digest-tensor-data-only').files[0]!.sha256, clean.files[0]!.sha256);
  assert.notEqual(with_('checkpoint.root-without-size').rootDigest, clean.rootDigest);
  assert.equal(with_('checkpoint.digest-of-manifest-file').manifestDigest, sha(MANIFEST.bytes));
});
