import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRuntimeError } from '../errors.ts';
import { buildModelFiles } from '../model/builtin-models.ts';
import type { DescriptorV1 } from '../model/manifest-types.ts';
import type { LoadedModel } from '../model/model-store.ts';
import { CHECKPOINT_FILE } from './checkpoint-manifest.ts';
import { NO_SNAPSHOT_FAULTS } from './snapshot-behaviour.ts';
import { SnapshotStore } from './snapshot-store.ts';
import { forwardDigest, modelStoreForTests } from './snapshot-test-kit.ts';
import { StorageRoot } from './storage-root.ts';

const root = mkdtempSync(join(tmpdir(), 'snapshot-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshStore = (): SnapshotStore => new SnapshotStore(new StorageRoot(join(root, `s${dirs++}`)), NO_SNAPSHOT_FAULTS);
const hasCode = (code: string) => (error: unknown): boolean => isRuntimeError(error) && error.code === code;
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const models = modelStoreForTests();
const builtin = models.loadBuiltin('default').then((outcome) => outcome.model);

const V1: DescriptorV1 = {
  family: 'litellm-conformance', formatVersion: 1, name: 'router-only', seed: '9', dModel: 4, layers: 2,
  hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 2 }, topK: { tier: 1, group: 1, expert: 1 },
};

test('a snapshot lists its files, stores exactly them plus checkpoint.json, and serves their bytes', async () => {
  const store = freshStore();
  const model = await builtin;
  const checkpoint = await store.create(model, 'one');
  assert.deepEqual(store.list(), [{ id: 'one', modelId: 'default', rootDigest: checkpoint.rootDigest }]);
  assert.equal(checkpoint.manifestDigest, model.manifestDigest);
  const onDisk = readdirSync(join(store.directory, 'one')).sort();
  assert.deepEqual(onDisk, [CHECKPOINT_FILE, ...checkpoint.files.map((f) => f.path)].sort());
  for (const file of checkpoint.files) {
    const bytes = await store.readFile('one', file.path);
    assert.equal(bytes.length, file.size);
    assert.equal(sha(bytes), file.sha256);
  }
  assert.deepEqual(readdirSync(store.directory), ['one'], 'no leftover beside it');
  await assert.rejects(store.readFile('one', CHECKPOINT_FILE), hasCode('E_SNAPSHOT_NOT_FOUND'));
  await assert.rejects(store.readFile('two', 'model-manifest.json'), hasCode('E_SNAPSHOT_NOT_FOUND'));
});

test('a taken id is refused, and of two concurrent writes of one id exactly one succeeds', async () => {
  const store = freshStore();
  const model = await builtin;
  const first = await store.create(model, 'x');
  await assert.rejects(store.create(model, 'x'), hasCode('E_SNAPSHOT_EXISTS'));
  assert.deepEqual(await store.checkpoint('x'), first);
  const results = await Promise.allSettled([store.create(model, 'race'), store.create(model, 'race')]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  const rejected = results.find((r) => r.status === 'rejected');
  assert.ok(rejected !== undefined && hasCode('E_SNAPSHOT_EXISTS')(rejected.reason));
});

test('a write stopped after any step is unlisted; a rescan lists it exactly when the rename happened and leaves no trace', async () => {
  const model = await builtin;
  for (let step = 0; step <= 8; step++) {
    const store = freshStore();
    store.armCrashPoint(step);
    await assert.rejects(store.create(model, 'cut'), hasCode('E_INTERNAL'), `step ${step}`);
    assert.deepEqual(store.list(), []);
    await assert.rejects(store.verified('cut'), hasCode('E_SNAPSHOT_NOT_FOUND'));
    const scan = await store.rescan();
    assert.deepEqual(store.list().map((s) => s.id), step >= 7 ? ['cut'] : [], `step ${step}`);
    assert.deepEqual([scan.removed, scan.quarantined], [step >= 7 ? 0 : 1, 0], `step ${step}`);
    assert.deepEqual(await store.rescan(), { found: scan.found, removed: 0, quarantined: 0 });
    if (step >= 7) assert.equal(await forwardDigestOfRestore(store, 'cut'), await forwardDigest(model));
    else assert.equal((await store.create(model, 'cut')).modelId, 'default', 'the id is free again');
  }
});

async function forwardDigestOfRestore(store: SnapshotStore, id: string, as = `restored-${id}`): Promise<string> {
  const { checkpoint, manifestBytes, shards } = await store.verified(id);
  const { model } = await models.loadVerified(as, manifestBytes, shards, checkpoint.manifestDigest);
  try {
    return await forwardDigest(model);
  } finally {
    models.delete(as);
  }
}

test('delete removes the directory; the id can be used again', async () => {
  const store = freshStore();
  const model = await builtin;
  await store.create(model, 'gone');
  await store.delete('gone');
  assert.deepEqual(readdirSync(store.directory), []);
  assert.deepEqual((await store.rescan()).found.size, 0);
  await assert.rejects(store.delete('gone'), hasCode('E_SNAPSHOT_NOT_FOUND'));
  await store.create(model, 'gone');
  assert.deepEqual(store.list().map((s) => s.id), ['gone']);
});

test('the scan removes leftovers, moves damaged snapshots aside, ignores other entries and keeps good ones', async () => {
  const dir = join(root, 'scan');
  const store = new SnapshotStore(new StorageRoot(dir), NO_SNAPSHOT_FAULTS);
  const model = await builtin;
  await store.create(model, 'good.v1');
  await store.create(model, 'bad');
  writeFileSync(join(store.directory, 'bad', 'layer-0.safetensors'), 'damaged');
  mkdirSync(join(store.directory, '.tmp-1-1-left'));
  writeFileSync(join(store.directory, '.tmp-1-2-file'), 'x');
  writeFileSync(join(store.directory, 'README'), 'operator notes');
  const restarted = new SnapshotStore(new StorageRoot(dir), NO_SNAPSHOT_FAULTS);
  const scan = await restarted.ready();
  assert.deepEqual([scan.removed, scan.quarantined], [2, 1]);
  assert.deepEqual(restarted.list().map((s) => s.id), ['good.v1']);
  assert.deepEqual(readdirSync(restarted.directory).sort(), ['.damaged-bad-1', 'README', 'good.v1']);
  assert.equal(readFileSync(join(restarted.directory, '.damaged-bad-1', 'layer-0.safetensors'), 'utf8'), 'damaged');
  await assert.rejects(restarted.verified('bad'), hasCode('E_SNAPSHOT_NOT_FOUND'));
});

test('restore verification refuses a damaged listed snapshot; nothing is loaded', async () => {
  const store = freshStore();
  await store.create(await builtin, 'dmg');
  await store.writeRawFile('dmg', 'extra.bin', Buffer.from('x'));
  await assert.rejects(store.verified('dmg'), hasCode('E_SNAPSHOT_INTEGRITY'));
  await store.removeRawFile('dmg', 'extra.bin');
  assert.equal((await store.verified('dmg')).checkpoint.modelId, 'default');
  await store.removeRawFile('dmg', 'layer-1.safetensors');
  await assert.rejects(store.verified('dmg'), hasCode('E_SNAPSHOT_INTEGRITY'));
  await assert.rejects(store.writeRawFile('nope', 'a', Buffer.from('x')), hasCode('E_SNAPSHOT_NOT_FOUND'));
});

test('a router-only model restores with the same router tensors and digest', async () => {
  const files = buildModelFiles(V1);
  const { model } = await models.loadVerified('router-only', files.manifestBytes, files.shards, sha(files.manifestBytes));
  const store = freshStore();
  const checkpoint = await store.create(model, 'r1');
  assert.equal(checkpoint.manifestDigest, sha(files.manifestBytes));
  const verified = await store.verified('r1');
  assert.deepEqual(verified.shards.map((s) => sha(s)), files.shards.map((s) => sha(s)), 'canonical shards are reproduced byte for byte');
  const restored: LoadedModel = (await models.loadVerified('router-copy', verified.manifestBytes, verified.shards, checkpoint.manifestDigest)).model;
  assert.deepEqual(restored.layers, model.layers);
  assert.equal(restored.manifestDigest, model.manifestDigest);
  models.delete('router-only');
  models.delete('router-copy');
});
