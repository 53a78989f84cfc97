import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceFixture, startFixtureServer } from '../../fixtures/index.ts';
import { slowFixtureProxy } from './slow-fixture-proxy.ts';

void test('the proxy relays manifests and shards unchanged, and a missing shard as 404', async () => {
  const tiny = conformanceFixture('cm-tiny');
  const noshard = conformanceFixture('cm-noshard');
  assert.ok(tiny && noshard);
  const server = await startFixtureServer({ fixtures: new Map([[tiny.name, tiny], [noshard.name, noshard]]) });
  try {
    const proxy = await slowFixtureProxy(server.baseUrl);
    assert.equal(await slowFixtureProxy(server.baseUrl), proxy, 'one proxy per fixture server');
    const manifest = await fetch(proxy.manifestUrl('cm-tiny'));
    assert.equal(manifest.status, 200);
    assert.deepEqual(new Uint8Array(await manifest.arrayBuffer()), tiny.manifestBytes);
    const shard = tiny.shards[1];
    assert.ok(shard);
    const relayed = await fetch(new URL(shard.path, proxy.manifestUrl('cm-tiny')));
    assert.equal(relayed.status, 200);
    assert.deepEqual(new Uint8Array(await relayed.arrayBuffer()), shard.bytes);
    const missing = noshard.shards.find((s) => s.missing === true);
    assert.ok(missing);
    assert.equal((await fetch(new URL(missing.path, proxy.manifestUrl('cm-noshard')))).status, 404);
    assert.deepEqual(server.requests.map((r) => r.path).slice(0, 1), ['/models/cm-tiny/manifest.json']);
  } finally {
    await server.close();
  }
});
