import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { VirtualClock } from '../../clock.ts';
import { buildModelFiles, DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import { startArchiveServer, type ArchiveServer } from '../archive-server.ts';
import { generatedLayerFetcher } from './layer-shards.ts';
import { sliceStacked } from './expert-payload.ts';
import { RangeArchive } from './range-archive.ts';

const descriptor = { ...DEFAULT_MODEL_DESCRIPTOR, name: 'ranged' };
const files = buildModelFiles(descriptor);
const shape = { d: descriptor.dModel, dFF: descriptor.dFF };
const n = shape.d * shape.dFF;
const root = mkdtempSync(join(tmpdir(), 'range-archive-test-'));
let archive: ArchiveServer;
before(async () => {
  mkdirSync(join(root, 'm'));
  writeFileSync(join(root, 'm', 'manifest.json'), files.manifestBytes);
  files.manifest.shards.forEach((shard, i) => writeFileSync(join(root, 'm', shard.path), files.shards[i]!));
  archive = await startArchiveServer(root);
});
after(async () => {
  await archive.close();
  rmSync(root, { recursive: true, force: true });
});

async function rangeArchive(baseUrl: string): Promise<RangeArchive> {
  const wholeLayer = generatedLayerFetcher(files.manifest, files.shards);
  const ranged = new RangeArchive({ manifestUrl: new URL('/m/manifest.json', baseUrl), manifest: files.manifest, shape, wholeLayer, clock: new VirtualClock(), timeoutMs: 5000 });
  for (let layer = 0; layer < descriptor.layers; layer++) ranged.recordVerifiedLayer(layer, await wholeLayer(layer));
  return ranged;
}

test('an expert is read as three ranges of its own bytes, equal to its slice of the verified shard', async () => {
  const ranged = await rangeArchive(archive.url);
  const stacked = await generatedLayerFetcher(files.manifest, files.shards)(1);
  for (const expert of [0, 7, 15]) assert.deepEqual(await ranged.fetch({ layer: 1, expert }), sliceStacked(stacked.w1, stacked.w3, stacked.w2, expert, shape));
  // Header (8 bytes, then the JSON) once per layer, then three slices per expert.
  assert.equal(ranged.rangeReads, 2 + 3 * 3);
  assert.ok(ranged.rangeBytes < 3 * 3 * n * 4 + 4096, String(ranged.rangeBytes));
});

test('altered archive bytes fail with E_STORAGE_UNAVAILABLE; a store that ignores ranges is read whole', async () => {
  const path = join(root, 'm', files.manifest.shards[1]!.path);
  const headerEnd = 8 + Number(Buffer.from(files.shards[1]!).readBigUInt64LE(0));
  // Every value's lowest bit flipped, the container intact (as the conformance fixture server alters shards).
  const altered = Uint8Array.from(files.shards[1]!, (byte, i) => (i >= headerEnd && (i - headerEnd) % 4 === 0 ? byte ^ 1 : byte));
  writeFileSync(path, altered);
  try {
    const ranged = await rangeArchive(archive.url);
    await assert.rejects(ranged.fetch({ layer: 0, expert: 5 }), { code: 'E_STORAGE_UNAVAILABLE' });
  } finally {
    writeFileSync(path, files.shards[1]!);
  }
  const whole: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.alloc(16));
  });
  await new Promise<void>((done) => whole.listen(0, '127.0.0.1', done));
  try {
    const ranged = await rangeArchive(`http://127.0.0.1:${(whole.address() as AddressInfo).port}`);
    const stacked = await generatedLayerFetcher(files.manifest, files.shards)(0);
    assert.deepEqual(await ranged.fetch({ layer: 0, expert: 3 }), sliceStacked(stacked.w1, stacked.w3, stacked.w2, 3, shape));
    assert.equal(ranged.rangeReads, 0);
  } finally {
    await new Promise<void>((done) => whole.close(() => done()));
  }
});

test('transient failures are retried twice, then reported as E_STORAGE_UNAVAILABLE', async () => {
  let failuresLeft = 0;
  const flaky: Server = createServer((req, res) => {
    if (failuresLeft > 0) {
      failuresLeft--;
      res.writeHead(503).end();
      return;
    }
    fetch(new URL(req.url ?? '/', archive.url), { headers: { range: req.headers.range ?? '' } }).then(async (upstream) => {
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers)).end(Buffer.from(await upstream.arrayBuffer()));
    }, () => res.destroy());
  });
  await new Promise<void>((done) => flaky.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
  try {
    const ranged = await rangeArchive(url);
    failuresLeft = 2;
    await ranged.fetch({ layer: 0, expert: 2 });
    assert.equal(failuresLeft, 0, 'both failures were met and retried past');
    failuresLeft = 1000;
    await assert.rejects((await rangeArchive(url)).fetch({ layer: 1, expert: 2 }), { code: 'E_STORAGE_UNAVAILABLE' });
  } finally {
    await new Promise<void>((done) => flaky.close(() => done()));
  }
});
