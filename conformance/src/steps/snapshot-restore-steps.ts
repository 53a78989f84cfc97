// Restore, damage and crash consistency of snapshots (SPEC-029 §4.4, §4.5; SPEC-030 §4.4 to §4.6): restoring and
// comparing the restored Model and its digests with the snapshotted one, damaging stored files through the control
// API, interrupting writes with the crash point, rescanning, and racing two writes of one id.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { HttpResponse } from '../driver/http-client.ts';
import { sha256Hex, type Checkpoint } from '../support/checks/checkpoint-checks.ts';
import { assertFailsWith, assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { modelIdOf } from '../support/forward-models.ts';
import { fetchModel, type ModelObject } from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';
import {
  digestsWhenSnapshotted,
  filePath,
  listSnapshots,
  outputDigests,
  readCheckpoint,
  readSnapshotFile,
  rememberedCheckpoint,
  snapshotPath,
  snapshotSource,
  touch,
  type ListedSnapshot,
} from './snapshot-steps.ts';

interface RescanResult {
  readonly snapshots: ListedSnapshot[];
  readonly removed: number;
  readonly quarantined: number;
}

const LAST_RESTORED = 'snapshot restored last';
const LAST_RESCAN = 'last rescan result';

async function rescan(world: ConformanceWorld): Promise<RescanResult> {
  const response = await world.api.request({ method: 'POST', path: '/v1/conformance/storage/rescan', token: world.token('admin') });
  const result = assertSucceeds(world, response, 200, 'protocol/snapshot-rescan', 'POST /v1/conformance/storage/rescan') as RescanResult;
  world.remembered.set(LAST_RESCAN, result);
  return result;
}

async function restoreAsAdmin(world: ConformanceWorld, id: string, as?: string): Promise<HttpResponse> {
  return world.api.request({ method: 'POST', path: snapshotPath(id, '/restore'), token: world.token('admin'), body: as === undefined ? {} : { as } });
}

// ---- damage through the control API (SPEC-029 §4.5)

/** The control route that writes or removes a stored file of a snapshot. */
function controlFilePath(id: string, path: string): string {
  return `/v1/conformance/storage${filePath(id, path).slice('/v1'.length)}`;
}

async function putFile(world: ConformanceWorld, id: string, path: string, bytes: Uint8Array): Promise<void> {
  const route = controlFilePath(id, path);
  const response = await world.api.request({ method: 'PUT', path: route, token: world.token('admin'), body: { bytesBase64: Buffer.from(bytes).toString('base64') } });
  assertSucceeds(world, response, 204, null, `PUT ${route}`);
}

async function removeFile(world: ConformanceWorld, id: string, path: string): Promise<void> {
  const route = controlFilePath(id, path);
  assertSucceeds(world, await world.api.request({ method: 'DELETE', path: route, token: world.token('admin') }), 204, null, `DELETE ${route}`);
}

async function storedBytes(world: ConformanceWorld, id: string, path: string): Promise<Uint8Array> {
  const read = await readSnapshotFile(world, id, path);
  assert.equal(read.status, 200, `GET ${filePath(id, path)} answered ${read.status}`);
  return read.bytes;
}

const CHECKPOINT_CHANGES: Record<string, (c: Checkpoint) => unknown> = {
  'rootDigest replaced': (c) => ({ ...c, rootDigest: sha256Hex(`not ${c.rootDigest}`) }),
  'formatVersion 2': (c) => ({ ...c, formatVersion: 2 }),
  'manifestDigest replaced': (c) => ({ ...c, manifestDigest: sha256Hex(`not ${c.manifestDigest}`) }),
  'files reversed': (c) => ({ ...c, files: [...c.files].reverse() }),
};

/** Applies one damage named in words; each form changes what a verification must notice and nothing else. */
async function damage(world: ConformanceWorld, id: string, words: string): Promise<void> {
  let match: RegExpExecArray | null;
  if ((match = /^(byte (\d+)|last byte) of (\S+) is flipped$/.exec(words)) !== null) {
    const bytes = Uint8Array.from(await storedBytes(world, id, match[3]!));
    const at = match[2] === undefined ? bytes.length - 1 : Number(match[2]);
    bytes[at] = bytes[at]! ^ 0x01;
    await putFile(world, id, match[3]!, bytes);
  } else if ((match = /^(\S+) is cut to its first (\d+) bytes$/.exec(words)) !== null) {
    await putFile(world, id, match[1]!, (await storedBytes(world, id, match[1]!)).subarray(0, Number(match[2])));
  } else if ((match = /^an unlisted file (\S+) is added$/.exec(words)) !== null) {
    await putFile(world, id, match[1]!, Buffer.from('a file the checkpoint does not list\n'));
  } else if (words === 'checkpoint not JSON') {
    await putFile(world, id, 'checkpoint.json', Buffer.from('{"formatVersion": 1,'));
  } else if (words === 'checkpoint removed') {
    await removeFile(world, id, 'checkpoint.json');
  } else if ((match = /^checkpoint (.+)$/.exec(words)) !== null && CHECKPOINT_CHANGES[match[1]!] !== undefined) {
    const changed = CHECKPOINT_CHANGES[match[1]!]!(await readCheckpoint(world, id));
    await putFile(world, id, 'checkpoint.json', Buffer.from(JSON.stringify(changed, null, 2)));
  } else if ((match = /^(\S+) is removed$/.exec(words)) !== null) {
    await removeFile(world, id, match[1]!);
  } else {
    throw new Error(`unknown damage "${words}"`);
  }
}

Given(/^the snapshot "([^"]*)" is damaged: (.+)$/, async function (this: ConformanceWorld, id: string, words: string) {
  await damage(this, id, words);
});

// ---- restore (SPEC-030 §4.4)

When('{principal} restores the snapshot {string}', async function (this: ConformanceWorld, who: Principal, id: string) {
  this.remembered.set(LAST_RESTORED, id);
  await sendRecorded(this, who, { method: 'POST', path: snapshotPath(id, '/restore') });
});

When('{principal} restores the snapshot {string} as {string}', async function (this: ConformanceWorld, who: Principal, id: string, as: string) {
  this.remembered.set(LAST_RESTORED, id);
  await sendRecorded(this, who, { method: 'POST', path: snapshotPath(id, '/restore'), body: { as } });
});

/** The Model a restore must report: the snapshotted one under the new id, with the digest of the checkpoint. */
function assertRestoredModel(restored: ModelObject, original: ModelObject, checkpoint: Checkpoint, id: string): void {
  assert.equal(restored.id, id);
  assert.equal(restored.status, 'ready');
  assert.equal(restored.manifestDigest, checkpoint.manifestDigest, 'the restored model reports the checkpoint manifestDigest');
  assert.equal(restored.manifestDigest, original.manifestDigest, 'the restored model reports the snapshotted manifestDigest');
  assert.equal(restored.parameters, original.parameters);
  assert.deepEqual(restored.descriptor, { ...(original.descriptor as Record<string, unknown>), name: id });
}

Then('the restore answers 201 with the Model of {string} under the id {string}', function (this: ConformanceWorld, name: string, id: string) {
  const snapshot = this.recall<string>(LAST_RESTORED);
  const restored = assertSucceeds(this, this.last, 201, 'protocol/model', `POST ${snapshotPath(snapshot, '/restore')}`) as ModelObject;
  const source = snapshotSource(this, snapshot);
  assert.equal(source.name, name);
  assertRestoredModel(restored, source.model, rememberedCheckpoint(this, snapshot), id);
});

Then('{string} gives the forward or route digests that {string} gave', async function (this: ConformanceWorld, id: string, name: string) {
  assert.deepEqual(await outputDigests(this, id, name), digestsWhenSnapshotted(this, name));
});

async function restoresEquivalently(world: ConformanceWorld, id: string, as: string, name: string): Promise<void> {
  const response = await restoreAsAdmin(world, id, as);
  const restored = assertSucceeds(world, response, 201, 'protocol/model', `restore of ${id} as ${as}`) as ModelObject;
  // The snapshotted model is still loaded: it is the reference for the Model and for the digests.
  assertRestoredModel(restored, await fetchModel(world, modelIdOf(name)), await readCheckpoint(world, id), as);
  assert.deepEqual(await outputDigests(world, as, name), await outputDigests(world, modelIdOf(name), name));
}

Then('the snapshot {string} restores as {string} with the forward digests of {string}', async function (this: ConformanceWorld, id: string, as: string, name: string) {
  await restoresEquivalently(this, id, as, name);
});

Then('if listed, {string} restores as {string} with the forward digests of {string}', async function (this: ConformanceWorld, id: string, as: string, name: string) {
  if (this.recall<RescanResult>(LAST_RESCAN).snapshots.some((entry) => entry.id === id)) await restoresEquivalently(this, id, as, name);
});

// ---- not found, crash point, rescan (SPEC-030 §4.5, §4.6)

Then('every snapshot route answers E_SNAPSHOT_NOT_FOUND for {string}', async function (this: ConformanceWorld, id: string) {
  const token = this.token('admin');
  for (const [method, path] of [['GET', snapshotPath(id)], ['GET', filePath(id, 'model-manifest.json')], ['DELETE', snapshotPath(id)], ['POST', snapshotPath(id, '/restore')]] as const) {
    assertFailsWith(this, 'E_SNAPSHOT_NOT_FOUND', await this.api.request({ method, path, token }));
  }
});

Then('the snapshot {string} and its restore answer E_SNAPSHOT_NOT_FOUND', async function (this: ConformanceWorld, id: string) {
  assertFailsWith(this, 'E_SNAPSHOT_NOT_FOUND', await this.api.request({ method: 'GET', path: snapshotPath(id), token: this.token('admin') }));
  assertFailsWith(this, 'E_SNAPSHOT_NOT_FOUND', await restoreAsAdmin(this, id, `${id}-copy`));
});

Given('the storage directory has been rescanned', async function (this: ConformanceWorld) {
  await rescan(this);
});

Given('the next snapshot is set to stop after write step {int}', async function (this: ConformanceWorld, step: number) {
  const body = { operation: 'snapshot', afterStep: step };
  const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/storage/crash-point', token: this.token('admin'), body });
  assert.deepEqual(assertSucceeds(this, response, 200, 'protocol/snapshot-crash-point', 'PUT /v1/conformance/storage/crash-point'), body);
});

Given('the admin has snapshotted the model {string} as {string}, which failed with E_INTERNAL', async function (this: ConformanceWorld, name: string, id: string) {
  touch(this, id);
  const response = await this.api.request({ method: 'POST', path: '/v1/snapshots', token: this.token('admin'), body: { model: modelIdOf(name), id } });
  assertFailsWith(this, 'E_INTERNAL', response);
});

When('{principal} rescans the storage directory', async function (this: ConformanceWorld, who: Principal) {
  await sendRecorded(this, who, { method: 'POST', path: '/v1/conformance/storage/rescan' });
  this.remembered.set(LAST_RESCAN, assertSucceeds(this, this.last, 200, 'protocol/snapshot-rescan', 'POST /v1/conformance/storage/rescan'));
});

Then(/^the rescan (lists|does not list) "([^"]*)" after removing (\d+) leftovers?$/, async function (this: ConformanceWorld, verdict: string, id: string, removed: string) {
  const result = this.recall<RescanResult>(LAST_RESCAN);
  assert.equal(result.snapshots.some((entry) => entry.id === id), verdict === 'lists', `the rescan ${verdict === 'lists' ? 'omits' : 'lists'} ${id}`);
  assert.equal(result.removed, Number(removed), 'leftovers removed');
  assert.deepEqual(await listSnapshots(this), result.snapshots, 'GET /v1/snapshots lists what the rescan answered');
});

Then('a second rescan removes nothing and lists the same snapshots', async function (this: ConformanceWorld) {
  const first = this.recall<RescanResult>(LAST_RESCAN);
  assert.deepEqual(await rescan(this), { snapshots: first.snapshots, removed: 0, quarantined: 0 });
});

Then('after a rescan the snapshot {string} is still not listed', async function (this: ConformanceWorld, id: string) {
  assert.ok(!(await rescan(this)).snapshots.some((entry) => entry.id === id), `${id} is listed again after a rescan`);
  assert.ok(!(await listSnapshots(this)).some((entry) => entry.id === id));
});

Then('the rescan lists {string} and {string} with the checkpoints they were created with', async function (this: ConformanceWorld, a: string, b: string) {
  const listed = this.recall<RescanResult>(LAST_RESCAN).snapshots;
  for (const id of [a, b]) {
    const checkpoint = rememberedCheckpoint(this, id);
    assert.deepEqual(listed.filter((entry) => entry.id === id), [{ id, modelId: checkpoint.modelId, rootDigest: checkpoint.rootDigest }], `${id} after the rescan`);
    assert.deepEqual(await readCheckpoint(this, id), checkpoint);
  }
});

// ---- two writers, one id (REQ-030-011)

interface RaceOutcome {
  readonly id: string;
  readonly responses: HttpResponse[];
}

When('the admin sends two snapshots of {string} as one id at once, {int} times', async function (this: ConformanceWorld, name: string, times: number) {
  const outcomes: RaceOutcome[] = [];
  for (let round = 1; round <= times; round++) {
    const id = `race-${round}`;
    touch(this, id);
    const send = () => this.api.request({ method: 'POST', path: '/v1/snapshots', token: this.token('admin'), body: { model: modelIdOf(name), id } });
    outcomes.push({ id, responses: await Promise.all([send(), send()]) });
  }
  this.remembered.set('snapshot races', outcomes);
});

Then('each time one answered 201 and the other failed with E_SNAPSHOT_EXISTS', function (this: ConformanceWorld) {
  for (const { id, responses } of this.recall<RaceOutcome[]>('snapshot races')) {
    const created = responses.filter((r) => r.status === 201);
    assert.equal(created.length, 1, `${id}: statuses ${responses.map((r) => r.status).join(', ')}`);
    assertSucceeds(this, created[0]!, 201, 'protocol/snapshot-created', `the snapshot ${id} that won`);
    assertFailsWith(this, 'E_SNAPSHOT_EXISTS', responses.find((r) => r.status !== 201));
  }
});

Then('each time the listed checkpoint is the one the 201 carried', async function (this: ConformanceWorld) {
  for (const { id, responses } of this.recall<RaceOutcome[]>('snapshot races')) {
    const won = (responses.find((r) => r.status === 201)!.json as { checkpoint: Checkpoint }).checkpoint;
    assert.deepEqual(await readCheckpoint(this, id), won);
    assert.deepEqual((await listSnapshots(this)).filter((entry) => entry.id === id), [{ id, modelId: won.modelId, rootDigest: won.rootDigest }]);
  }
});
