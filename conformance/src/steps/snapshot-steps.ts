// Snapshots and their checkpoint manifests (SPEC-029, SPEC-030): taking snapshots, reading the checkpoint and every
// listed file back through the endpoint, and recomputing sizes, SHA-256 digests, the root digest and the manifest
// digest from those bytes. The harness decodes the stored shards itself and compares them with the oracle's weights.
import assert from 'node:assert/strict';
import { After, Given, Then, When } from '@cucumber/cucumber';
import { describeSchemaErrors } from '../driver/schemas.ts';
import { decodeSafetensors, forwardFixture } from '../fixtures/index.ts';
import { inputMatrix } from '../oracle/index.ts';
import { DEFAULT_MANIFEST_DIGEST } from '../support/builtin/builtin-model.ts';
import {
  canonicalJson,
  compareCodePoints,
  fileDigestProblems,
  fileListProblems,
  manifestDigestProblems,
  MODEL_MANIFEST_FILE,
  rootDigestProblems,
  sha256Hex,
  type Checkpoint,
} from '../support/checks/checkpoint-checks.ts';
import { assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { fixtureSequences, forwardAgain } from '../support/forward-calls.ts';
import { descriptorNamed, modelIdOf, routerModelNamed } from '../support/forward-models.ts';
import { fetchModel, fixtureNamed, type ModelObject } from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import { routeAgain } from '../support/route-calls.ts';
import { schemaRegistry } from '../support/run-context.ts';
import type { ConformanceWorld } from '../support/world.ts';

const TOUCHED = 'snapshot ids of this scenario';
const checkpointKey = (id: string): string => `checkpoint of snapshot ${id}`;
const sourceKey = (id: string): string => `model snapshotted as ${id}`;
const digestsKey = (name: string): string => `output digests of ${name} when snapshotted`;

export interface SnapshotSource {
  /** The scenario's name for the model (fixture or built-in name). */
  readonly name: string;
  /** The Model as GET /v1/models/{id} showed it when the snapshot was taken. */
  readonly model: ModelObject;
}

export interface ListedSnapshot {
  readonly id: string;
  readonly modelId: string;
  readonly rootDigest: string;
}

/** Snapshot ids a scenario used, deleted after it so that scenarios stay independent. */
export function touch(world: ConformanceWorld, id: string): void {
  if (!world.remembered.has(TOUCHED)) world.remembered.set(TOUCHED, new Set<string>());
  world.recall<Set<string>>(TOUCHED).add(id);
}

export function snapshotPath(id: string, suffix = ''): string {
  return `/v1/snapshots/${encodeURIComponent(id)}${suffix}`;
}

export function filePath(id: string, path: string): string {
  return snapshotPath(id, `/files/${path.split('/').map(encodeURIComponent).join('/')}`);
}

export function rememberedCheckpoint(world: ConformanceWorld, id: string): Checkpoint {
  return world.recall<Checkpoint>(checkpointKey(id));
}

export function snapshotSource(world: ConformanceWorld, id: string): SnapshotSource {
  return world.recall<SnapshotSource>(sourceKey(id));
}

/** The forward digests (formatVersion 2) or the route digests of every layer (formatVersion 1) of a loaded model. */
export async function outputDigests(world: ConformanceWorld, modelId: string, name: string): Promise<string[]> {
  const d = descriptorNamed(name);
  if ((d as { formatVersion?: number }).formatVersion === 2) {
    const result = await forwardAgain(world, { model: modelId, sequences: fixtureSequences(name) }, `forward through ${modelId}`);
    return [result.digest, ...result.sequences.flatMap((s) => [s.digest, ...s.tokens.map((t) => t.digest)])];
  }
  const digests: string[] = [];
  for (let layer = 0; layer < d.layers; layer++) {
    const hidden = inputMatrix(d.seed, 0, 8, d.dModel);
    digests.push((await routeAgain(world, { model: modelId, layer, hidden }, `route through ${modelId}`)).digest);
  }
  return digests;
}

export function digestsWhenSnapshotted(world: ConformanceWorld, name: string): string[] {
  return world.recall<string[]>(digestsKey(name));
}

/** Takes a snapshot as the admin; it must be created. Remembers its checkpoint, its model and that model's outputs. */
export async function snapshotAsAdmin(world: ConformanceWorld, name: string, id: string): Promise<Checkpoint> {
  touch(world, id);
  const modelId = modelIdOf(name);
  const model = await fetchModel(world, modelId);
  const response = await world.api.request({ method: 'POST', path: '/v1/snapshots', token: world.token('admin'), body: { model: modelId, id } });
  const created = assertSucceeds(world, response, 201, 'protocol/snapshot-created', `snapshot of ${modelId} as ${id}`) as { checkpoint: Checkpoint };
  world.remembered.set(checkpointKey(id), created.checkpoint);
  world.remembered.set(sourceKey(id), { name, model });
  world.remembered.set(digestsKey(name), await outputDigests(world, modelId, name));
  return created.checkpoint;
}

export async function readCheckpoint(world: ConformanceWorld, id: string): Promise<Checkpoint> {
  const response = await world.api.request({ method: 'GET', path: snapshotPath(id), token: world.token('admin') });
  return assertSucceeds(world, response, 200, 'storage/checkpoint-manifest', `GET ${snapshotPath(id)}`) as Checkpoint;
}

export async function listSnapshots(world: ConformanceWorld): Promise<ListedSnapshot[]> {
  const response = await world.api.request({ method: 'GET', path: '/v1/snapshots', token: world.token('admin') });
  return (assertSucceeds(world, response, 200, 'protocol/snapshot-list', 'GET /v1/snapshots') as { snapshots: ListedSnapshot[] }).snapshots;
}

/** Raw bytes of a snapshot file: the JSON client reads text, which would mangle binary data. Recorded like any exchange. */
export async function readSnapshotFile(world: ConformanceWorld, id: string, path: string): Promise<{ status: number; type: string; bytes: Uint8Array }> {
  const url = new URL(filePath(id, path), world.api.baseUrl);
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${world.token('admin')}` }, signal: AbortSignal.timeout(world.params.requestTimeoutMs) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  world.api.transcript.push({
    method: 'GET', path: filePath(id, path), status: response.status, requestSha256: sha256Hex(''), responseSha256: sha256Hex(bytes),
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes };
}

/** Every listed file of a snapshot, read through the endpoint; each read must answer 200. */
export async function readListedFiles(world: ConformanceWorld, id: string, checkpoint: Checkpoint): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const file of checkpoint.files) {
    const read = await readSnapshotFile(world, id, file.path);
    assert.equal(read.status, 200, `GET ${filePath(id, file.path)} answered ${read.status}`);
    files.set(file.path, read.bytes);
  }
  return files;
}

interface StoredManifest {
  readonly descriptor: unknown;
  readonly shards: { path: string; tensors: string[] }[];
}

/** model-manifest.json of a snapshot, read through the endpoint and valid against the model manifest schema. */
async function readModelManifest(world: ConformanceWorld, id: string): Promise<{ bytes: Uint8Array; manifest: StoredManifest }> {
  const read = await readSnapshotFile(world, id, MODEL_MANIFEST_FILE);
  assert.equal(read.status, 200, `GET ${filePath(id, MODEL_MANIFEST_FILE)} answered ${read.status}`);
  const manifest = JSON.parse(Buffer.from(read.bytes).toString('utf8')) as unknown;
  const check = schemaRegistry().check('model/manifest', manifest);
  assert.ok(check.valid, `${MODEL_MANIFEST_FILE} of ${id} violates model/manifest: ${describeSchemaErrors(check.errors)}`);
  return { bytes: read.bytes, manifest: manifest as StoredManifest };
}

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.join('\n')}`);
}

After({ tags: '@SPEC-029 or @SPEC-030' }, async function (this: ConformanceWorld) {
  const token = this.token('admin');
  for (const id of this.remembered.has(TOUCHED) ? this.recall<Set<string>>(TOUCHED) : []) {
    await this.api.request({ method: 'DELETE', path: snapshotPath(id), token });
  }
  // Leftovers of interrupted writes go too, so the next scenario's rescan counts only its own.
  await this.api.request({ method: 'POST', path: '/v1/conformance/storage/rescan', token });
});

Given('the model {string} is snapshotted as {string}', async function (this: ConformanceWorld, name: string, id: string) {
  await snapshotAsAdmin(this, name, id);
});

Then('the model {string} can be snapshotted as {string} again', async function (this: ConformanceWorld, name: string, id: string) {
  await snapshotAsAdmin(this, name, id);
});

When('{principal} snapshots the model {string} as {string}', async function (this: ConformanceWorld, who: Principal, name: string, id: string) {
  touch(this, id);
  await sendRecorded(this, who, { method: 'POST', path: '/v1/snapshots', body: { model: modelIdOf(name), id } });
});

Then('the snapshot {string} is created from {string}', async function (this: ConformanceWorld, id: string, name: string) {
  const created = assertSucceeds(this, this.last, 201, 'protocol/snapshot-created', 'POST /v1/snapshots') as { id: string; checkpoint: Checkpoint };
  assert.equal(created.id, id);
  assert.equal(created.checkpoint.modelId, modelIdOf(name));
  this.remembered.set(checkpointKey(id), created.checkpoint);
  this.remembered.set(sourceKey(id), { name, model: await fetchModel(this, modelIdOf(name)) });
});

Then(
  'the checkpoint of {string} has format version 1, the model id of {string} and a null signature',
  async function (this: ConformanceWorld, id: string, name: string) {
    const checkpoint = await readCheckpoint(this, id);
    assert.equal(checkpoint.formatVersion, 1);
    assert.equal(checkpoint.modelId, modelIdOf(name));
    assert.equal(checkpoint.signature, null);
  },
);

Then('the snapshot {string} answers the checkpoint it was created with', async function (this: ConformanceWorld, id: string) {
  assert.deepEqual(await readCheckpoint(this, id), rememberedCheckpoint(this, id));
});

Then('the snapshot list shows {string} with the model id and root digest of its checkpoint', async function (this: ConformanceWorld, id: string) {
  const checkpoint = rememberedCheckpoint(this, id);
  const entries = (await listSnapshots(this)).filter((entry) => entry.id === id);
  assert.deepEqual(entries, [{ id, modelId: checkpoint.modelId, rootDigest: checkpoint.rootDigest }]);
});

Then(
  'the checkpoint of {string} lists model-manifest.json and exactly the shards of its model manifest, sorted',
  async function (this: ConformanceWorld, id: string) {
    const checkpoint = await readCheckpoint(this, id);
    const { manifest } = await readModelManifest(this, id);
    none(fileListProblems(checkpoint, manifest.shards.map((shard) => shard.path)), `files of ${id}`);
  },
);

Then('every file of {string} read through the endpoint has its listed size and SHA-256', async function (this: ConformanceWorld, id: string) {
  const checkpoint = await readCheckpoint(this, id);
  none(fileDigestProblems(checkpoint, await readListedFiles(this, id, checkpoint)), `file digests of ${id}`);
});

Then('every file of {string} is served as application\\/octet-stream', async function (this: ConformanceWorld, id: string) {
  for (const file of (await readCheckpoint(this, id)).files) {
    const read = await readSnapshotFile(this, id, file.path);
    assert.equal(read.type.split(';')[0]?.trim().toLowerCase(), 'application/octet-stream', `${file.path} served as "${read.type}"`);
  }
});

Then('the root digest of {string} is the SHA-256 of its file lines', async function (this: ConformanceWorld, id: string) {
  none(rootDigestProblems(await readCheckpoint(this, id)), `root digest of ${id}`);
});

Then(
  /^the manifest digest of "([^"]*)" is the Model's and the digest of its model manifest by (the built-in rule|the manifest bytes)$/,
  async function (this: ConformanceWorld, id: string, rule: string) {
    const checkpoint = await readCheckpoint(this, id);
    const { name, model } = snapshotSource(this, id);
    const { bytes, manifest } = await readModelManifest(this, id);
    none(manifestDigestProblems(checkpoint, bytes, model.manifestDigest), `manifest digest of ${id}`);
    if (rule === 'the built-in rule') {
      assert.equal(checkpoint.manifestDigest, sha256Hex(canonicalJson(manifest.descriptor)));
      assert.equal(checkpoint.manifestDigest, DEFAULT_MANIFEST_DIGEST);
    } else {
      assert.equal(checkpoint.manifestDigest, sha256Hex(bytes));
      const served = forwardFixture(name)?.manifestBytes ?? fixtureNamed(name).manifestBytes;
      assert.ok(Buffer.from(bytes).equals(Buffer.from(served)), 'model-manifest.json is the manifest exactly as the fixture server served it');
    }
  },
);

Then('the model manifest of {string} is valid and carries the descriptor of the Model {string}', async function (this: ConformanceWorld, id: string, name: string) {
  const { manifest } = await readModelManifest(this, id);
  assert.deepEqual(manifest.descriptor, (await fetchModel(this, modelIdOf(name))).descriptor);
});

Then(
  'every shard of {string} holds exactly the tensors its manifest entry lists, with the weights of {string}',
  async function (this: ConformanceWorld, id: string, name: string) {
    const { manifest } = await readModelManifest(this, id);
    const weights = routerModelNamed(name).tensors;
    for (const shard of manifest.shards) {
      const read = await readSnapshotFile(this, id, shard.path);
      assert.equal(read.status, 200, `GET ${filePath(id, shard.path)} answered ${read.status}`);
      const decoded = decodeSafetensors(read.bytes);
      assert.deepEqual(decoded.tensors.map((t) => t.name).sort(), [...shard.tensors].sort(), `tensors of ${shard.path}`);
      for (const tensor of decoded.tensors) {
        const expected = weights.get(tensor.name);
        assert.ok(expected !== undefined, `the oracle has no tensor ${tensor.name}`);
        const same = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength));
        assert.ok(same, `tensor ${tensor.name} of ${shard.path} differs from the weights of ${name}`);
      }
    }
  },
);

Then('the snapshot {string} is not listed', async function (this: ConformanceWorld, id: string) {
  assert.ok(!(await listSnapshots(this)).some((entry) => entry.id === id), `${id} is listed`);
});

Then('the snapshot list is sorted by id and holds {string} in that order', function (this: ConformanceWorld, ids: string) {
  const listed = this.api.validate<{ snapshots: ListedSnapshot[] }>(this.last, 'protocol/snapshot-list', 'GET /v1/snapshots').snapshots.map((e) => e.id);
  const sorted = [...listed].sort(compareCodePoints);
  assert.deepEqual(listed, sorted, 'the listing is not sorted by id');
  assert.equal(new Set(listed).size, listed.length, 'an id is listed twice');
  const mine = ids.split(',').map((id) => id.trim());
  assert.deepEqual(listed.filter((id) => mine.includes(id)), mine);
});

Then('the snapshots {string} and {string} list the same files and root digest', async function (this: ConformanceWorld, a: string, b: string) {
  const [first, second] = [await readCheckpoint(this, a), await readCheckpoint(this, b)];
  assert.deepEqual(first.files, second.files, `files of ${a} and ${b}`);
  assert.equal(first.rootDigest, second.rootDigest, `root digests of ${a} and ${b}`);
});
