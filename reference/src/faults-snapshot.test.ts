import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildTestModel } from './test-support/fixture-models.ts';
import { FaultBench } from './test-support/fault-bench.ts';
import { call } from './test-support/inject.ts';

// Storage-layer faults of checkpoints (SPEC-029) and snapshots (SPEC-030): each test shows the one behaviour a switch
// breaks, on a conforming server and a mutant given the same requests.
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

interface Checkpoint { manifestDigest: string; files: { path: string; size: number; sha256: string }[]; rootDigest: string; signature: unknown }
type App = FastifyInstance;
const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
const snap = (app: App, id: string, model = 'default') => call(app, 'POST', '/v1/snapshots', { body: { model, id } });
const checkpointOf = async (app: App, id: string) => (await call(app, 'GET', `/v1/snapshots/${id}`)).json<Checkpoint>();
const listed = async (app: App) => (await call(app, 'GET', '/v1/snapshots')).json<{ snapshots: { id: string }[] }>().snapshots.map((s) => s.id);
const rescan = async (app: App) => (await call(app, 'POST', '/v1/conformance/storage/rescan')).json<{ snapshots: { id: string }[]; removed: number }>();
const restore = (app: App, id: string, as?: string) => call(app, 'POST', `/v1/snapshots/${id}/restore`, { body: as === undefined ? {} : { as } });
const crashAfter = (app: App, afterStep: number) => call(app, 'PUT', '/v1/conformance/storage/crash-point', { body: { operation: 'snapshot', afterStep } });
const putFile = (app: App, id: string, path: string, bytes: Uint8Array) =>
  call(app, 'PUT', `/v1/conformance/storage/snapshots/${id}/files/${path}`, { body: { bytesBase64: Buffer.from(bytes).toString('base64') } });
const status = (response: LightMyRequestResponse): number => response.statusCode;

/** A pair from bench.pair with `default` loaded and snapshotted as `s` in both; closed (storage removed) afterwards. */
async function withSnapshots(pair: Promise<[App, App]>, body: (clean: App, faulty: App) => Promise<void>): Promise<void> {
  const apps = await pair;
  try {
    for (const app of apps) {
      assert.equal(status(await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })), 201);
      assert.equal(status(await snap(app, 's')), 201);
    }
    await body(...apps);
  } finally {
    for (const app of apps) await app.close();
  }
}

/** Applies `damage` to snapshot `s` of both servers, then expects the clean restore refused and the faulty one loaded. */
async function restoreAfterDamage(pair: Promise<[App, App]>, damage: (app: App) => Promise<unknown>): Promise<void> {
  await withSnapshots(pair, async (clean, faulty) => {
    for (const app of [clean, faulty]) await damage(app);
    assert.equal(status(await restore(clean, 's', 'copy')), 422);
    assert.equal(status(await restore(faulty, 's', 'copy')), 201);
  });
}

test('checkpoint.signature-empty-object: the signature slot is {} instead of null', async () => {
  await withSnapshots(bench.pair('checkpoint.signature-empty-object'), async (clean, faulty) => {
    assert.equal((await checkpointOf(clean, 's')).signature, null);
    assert.deepEqual((await checkpointOf(faulty, 's')).signature, {});
  });
});

test('checkpoint.manifest-listed-first: model-manifest.json heads the file list', async () => {
  await withSnapshots(bench.pair('checkpoint.manifest-listed-first'), async (clean, faulty) => {
    assert.equal((await checkpointOf(clean, 's')).files[0]!.path, 'globals.safetensors');
    assert.equal((await checkpointOf(faulty, 's')).files[0]!.path, 'model-manifest.json');
  });
});

test('checkpoint.digest-tensor-data-only: a shard digest is not the digest of the file served', async () => {
  await withSnapshots(bench.pair('checkpoint.digest-tensor-data-only'), async (clean, faulty) => {
    for (const [app, same] of [[clean, true], [faulty, false]] as const) {
      const listedSha = (await checkpointOf(app, 's')).files.find((f) => f.path === 'layer-0.safetensors')!.sha256;
      assert.equal(listedSha === sha((await call(app, 'GET', '/v1/snapshots/s/files/layer-0.safetensors')).rawPayload), same);
    }
  });
});

test('checkpoint.root-without-size: the root digest leaves out sizes', async () => {
  await withSnapshots(bench.pair('checkpoint.root-without-size'), async (clean, faulty) => {
    for (const [app, same] of [[clean, true], [faulty, false]] as const) {
      const c = await checkpointOf(app, 's');
      assert.equal(c.rootDigest === sha(c.files.map((f) => `${f.sha256} ${f.size} ${f.path}\n`).join('')), same);
    }
  });
});

test('checkpoint.digest-of-manifest-file: the built-in model gets the digest of its manifest file', async () => {
  await withSnapshots(bench.pair('checkpoint.digest-of-manifest-file'), async (clean, faulty) => {
    assert.equal((await checkpointOf(clean, 's')).manifestDigest, 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20');
    const manifest = (await call(faulty, 'GET', '/v1/snapshots/s/files/model-manifest.json')).rawPayload;
    assert.equal((await checkpointOf(faulty, 's')).manifestDigest, sha(manifest));
  });
});

test('checkpoint.verify-size-only: a flipped byte is loaded', async () => {
  await restoreAfterDamage(bench.pair('checkpoint.verify-size-only'), async (app) => {
    const bytes = Uint8Array.from((await call(app, 'GET', '/v1/snapshots/s/files/layer-0.safetensors')).rawPayload);
    bytes[5000] = bytes[5000]! ^ 1;
    return putFile(app, 's', 'layer-0.safetensors', bytes);
  });
});

test('checkpoint.verify-ignores-unlisted: an unlisted file passes', async () => {
  await restoreAfterDamage(bench.pair('checkpoint.verify-ignores-unlisted'), (app) => putFile(app, 's', 'notes.txt', Buffer.from('x')));
});

test('checkpoint.verify-skips-root: a wrong root digest passes', async () => {
  await restoreAfterDamage(bench.pair('checkpoint.verify-skips-root'), async (app) => {
    const changed = { ...(await checkpointOf(app, 's')), rootDigest: sha('other') };
    return putFile(app, 's', 'checkpoint.json', Buffer.from(JSON.stringify(changed)));
  });
});

test('checkpoint.verify-any-version: formatVersion 2 passes', async () => {
  await restoreAfterDamage(bench.pair('checkpoint.verify-any-version'), async (app) => {
    return putFile(app, 's', 'checkpoint.json', Buffer.from(JSON.stringify({ ...(await checkpointOf(app, 's')), formatVersion: 2 })));
  });
});

test('snapshot.expert-w1-w3-swapped: the restored model forwards differently', async () => {
  await withSnapshots(bench.pair('snapshot.expert-w1-w3-swapped'), async (clean, faulty) => {
    const digest = async (app: App, model: string) => (await call(app, 'POST', '/v1/forward', { body: { model, sequences: [[1, 2, 3]] } })).json<{ digest: string }>().digest;
    for (const [app, same] of [[clean, true], [faulty, false]] as const) {
      assert.equal(status(await restore(app, 's', 'copy')), 201);
      assert.equal((await digest(app, 'copy')) === (await digest(app, 'default')), same);
    }
  });
});

test('snapshot.not-indexed: a new snapshot is listed only after a rescan', async () => {
  await withSnapshots(bench.pair('snapshot.not-indexed'), async (clean, faulty) => {
    assert.deepEqual([await listed(clean), await listed(faulty)], [['s'], []]);
    assert.deepEqual((await rescan(faulty)).snapshots.map((s) => s.id), ['s']);
  });
});

test('snapshot.list-unsorted: snapshots are listed in index order', async () => {
  await withSnapshots(bench.pair('snapshot.list-unsorted'), async (clean, faulty) => {
    for (const app of [clean, faulty]) assert.equal(status(await snap(app, 'a')), 201);
    assert.deepEqual([await listed(clean), await listed(faulty)], [['a', 's'], ['s', 'a']]);
  });
});

test('snapshot.delete-index-only: a deleted snapshot returns at the next rescan', async () => {
  await withSnapshots(bench.pair('snapshot.delete-index-only'), async (clean, faulty) => {
    for (const app of [clean, faulty]) assert.equal(status(await call(app, 'DELETE', '/v1/snapshots/s')), 204);
    assert.deepEqual([(await rescan(clean)).snapshots, (await rescan(faulty)).snapshots.map((s) => s.id)], [[], ['s']]);
  });
});

test('snapshot.overwrite-existing: a taken id is overwritten', async () => {
  await withSnapshots(bench.pair('snapshot.overwrite-existing'), async (clean, faulty) => {
    assert.deepEqual([status(await snap(clean, 's')), status(await snap(faulty, 's'))], [409, 201]);
  });
});

test('snapshot.unknown-id-internal: restoring an unknown id is a 500', async () => {
  await withSnapshots(bench.pair('snapshot.unknown-id-internal'), async (clean, faulty) => {
    assert.deepEqual([status(await restore(clean, 'none')), status(await restore(faulty, 'none'))], [404, 500]);
  });
});

test('snapshot.listed-before-complete: an interrupted snapshot is listed', async () => {
  await withSnapshots(bench.pair('snapshot.listed-before-complete'), async (clean, faulty) => {
    for (const app of [clean, faulty]) {
      await crashAfter(app, 2);
      assert.equal(status(await snap(app, 'cut')), 500);
    }
    assert.deepEqual([await listed(clean), await listed(faulty)], [['s'], ['cut', 's']]);
  });
});

test('snapshot.write-in-place: an interrupted snapshot blocks its id', async () => {
  await withSnapshots(bench.pair('snapshot.write-in-place'), async (clean, faulty) => {
    for (const app of [clean, faulty]) {
      await crashAfter(app, 2);
      assert.equal(status(await snap(app, 'cut')), 500);
    }
    assert.deepEqual([status(await snap(clean, 'cut')), status(await snap(faulty, 'cut'))], [201, 409]);
  });
});

test('snapshot.scan-keeps-leftovers: a rescan removes nothing', async () => {
  await withSnapshots(bench.pair('snapshot.scan-keeps-leftovers'), async (clean, faulty) => {
    for (const app of [clean, faulty]) {
      await crashAfter(app, 3);
      assert.equal(status(await snap(app, 'cut')), 500);
    }
    assert.deepEqual([(await rescan(clean)).removed, (await rescan(faulty)).removed], [1, 0]);
  });
});

test('snapshot.scan-skips-dotted-ids: a rescan drops ids with a dot', async () => {
  await withSnapshots(bench.pair('snapshot.scan-skips-dotted-ids'), async (clean, faulty) => {
    for (const app of [clean, faulty]) assert.equal(status(await snap(app, 'v.1')), 201);
    assert.deepEqual([(await rescan(clean)).snapshots.map((s) => s.id), (await rescan(faulty)).snapshots.map((s) => s.id)], [['s', 'v.1'], ['s']]);
  });
});

test('snapshot.scan-trusts-checkpoint: a rescan lists a damaged snapshot', async () => {
  await withSnapshots(bench.pair('snapshot.scan-trusts-checkpoint'), async (clean, faulty) => {
    for (const app of [clean, faulty]) await putFile(app, 's', 'layer-1.safetensors', Buffer.from('short'));
    assert.deepEqual([(await rescan(clean)).snapshots.map((s) => s.id), (await rescan(faulty)).snapshots.map((s) => s.id)], [[], ['s']]);
  });
});

test('snapshot.restore-reports-file-digest: the restored built-in model reports another digest', async () => {
  await withSnapshots(bench.pair('snapshot.restore-reports-file-digest'), async (clean, faulty) => {
    const digest = async (app: App) => (await restore(app, 's', 'copy')).json<{ manifestDigest: string }>().manifestDigest;
    assert.equal(await digest(clean), 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20');
    assert.notEqual(await digest(faulty), 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20');
  });
});

test('snapshot.restore-replaces-loaded: a restore onto another model\'s id replaces it', async () => {
  const other = buildTestModel({ name: 'other', dModel: 4, layers: 1, tiers: 2, groupsPerTier: 2, expertsPerGroup: 2, topK: [1, 1, 1] });
  await withSnapshots(bench.pair('snapshot.restore-replaces-loaded', { models: [other] }), async (clean, faulty) => {
    assert.deepEqual([status(await restore(clean, 's', 'other')), status(await restore(faulty, 's', 'other'))], [409, 201]);
  });
});

test('snapshot.no-id-reservation: two concurrent writes of one id both pass the check', async () => {
  await withSnapshots(bench.pair('snapshot.no-id-reservation'), async (clean, faulty) => {
    const race = async (app: App) => (await Promise.all([snap(app, 'race'), snap(app, 'race')])).map(status).sort();
    assert.deepEqual(await race(clean), [201, 409]);
    assert.deepEqual(await race(faulty), [201, 500]);
  });
});

test('snapshot.tiered-from-hot-only: a tiered model snapshot zeroes every expert that is not hot', async () => {
  const apps = await bench.pair('snapshot.tiered-from-hot-only');
  after(() => Promise.all(apps.map((app) => app.close())));
  const tiers = { hotBytes: 3 * 3 * 32 * 64 * 4, warmBytes: 0, coldBytes: 1 << 24 };
  const roots: string[] = [];
  for (const app of apps) {
    assert.equal(status(await call(app, 'POST', '/v1/models', { body: { builtin: 'default', tiers } })), 201);
    assert.equal(status(await call(app, 'POST', '/v1/forward', { body: { model: 'default', sequences: [[1, 2, 3]] } })), 200);
    assert.equal(status(await snap(app, 'tiered')), 201);
    roots.push((await checkpointOf(app, 'tiered')).rootDigest);
  }
  const [clean] = apps;
  assert.equal(status(await call(clean, 'DELETE', '/v1/models/default')), 204);
  assert.equal(status(await call(clean, 'POST', '/v1/models', { body: { builtin: 'default' } })), 201);
  assert.equal(status(await snap(clean, 'resident')), 201);
  assert.equal((await checkpointOf(clean, 'resident')).rootDigest, roots[0], 'conforming: tiered and resident snapshots are the same files');
  assert.notEqual(roots[1], roots[0]);
});

test('snapshot.procedural-internal: a procedural model snapshot is a 500 instead of E_SNAPSHOT_UNSUPPORTED', async () => {
  const apps = await bench.pair('snapshot.procedural-internal');
  after(() => Promise.all(apps.map((app) => app.close())));
  const answers = [];
  for (const app of apps) {
    const tiers = { hotBytes: 8 * 3 * 64 * 2048 * 4, warmBytes: 0, coldBytes: 0 };
    assert.equal(status(await call(app, 'POST', '/v1/models', { body: { builtin: 'procedural-1e8', tiers } })), 201);
    const response = await snap(app, 'p', 'procedural-1e8');
    answers.push([status(response), response.json<{ error: { code: string } }>().error.code]);
    assert.deepEqual(await listed(app), []);
  }
  assert.deepEqual(answers, [[422, 'E_SNAPSHOT_UNSUPPORTED'], [500, 'E_INTERNAL']]);
});
