// The shard format (SPEC-028): the fixture server serves the cm-sf-* fixtures on request, each a cm-tiny-shaped model
// whose shard breaks one format rule (or takes one variation the format allows) and whose manifest matches the bytes.
// Loading and refusal use the model-loading steps; these steps add serving, and checking an accepted variation.
import assert from 'node:assert/strict';
import { Given, Then } from '@cucumber/cucumber';
import { SKIP_REASON_MEDIA_TYPE } from '../../../reports/src/index.ts';
import { shardFormatFixture, type ShardFormatFixture } from '../fixtures/index.ts';
import { inputMatrix, parameterCount, parseU64 } from '../oracle/index.ts';
import { declaredLimit } from '../support/declared-limits.ts';
import { assertSucceeds } from '../support/exchanges.ts';
import { fixtureServer, type ModelObject } from '../support/models.ts';
import { routeAgain } from '../support/route-calls.ts';
import { checkReportedDigests, compareWithOracle } from '../support/routing-check.ts';
import type { ConformanceWorld } from '../support/world.ts';

function fixtureOf(name: string): ShardFormatFixture {
  const fixture = shardFormatFixture(name);
  if (fixture === undefined) throw new Error(`"${name}" is not a shard-format fixture (cm-sf-<kind>)`);
  return fixture;
}

Given('the fixture server serves the shard-format fixture {string}', function (this: ConformanceWorld, name: string) {
  const fixture = fixtureOf(name);
  // The header-cap fixtures hold a shard of over 1 MiB; a runtime may declare a maxShardBytes as low as 1 MiB.
  const largest = Math.max(...fixture.shards.map((s) => s.bytes.length));
  const limit = declaredLimit('maxShardBytes');
  if (largest > limit) {
    this.attach(`${name} has a shard of ${largest} bytes; the runtime declares maxShardBytes ${limit}`, SKIP_REASON_MEDIA_TYPE);
    return 'skipped';
  }
  fixtureServer(this).serve(fixture);
  return undefined;
});

Then('the response is the ready model of the shard-format fixture {string}', function (this: ConformanceWorld, name: string) {
  const fixture = fixtureOf(name);
  assert.ok(fixture.loads, `${name} is a fixture the runtime must refuse`);
  const model = assertSucceeds(this, this.last, 201, 'protocol/model', `loading ${name}`) as ModelObject;
  assert.equal(model.id, name);
  assert.equal(model.status, 'ready');
  assert.equal(model.manifestDigest, fixture.manifestDigest, 'manifestDigest is not the SHA-256 of the served manifest bytes');
  assert.deepEqual(model.descriptor, fixture.manifest.descriptor);
  assert.equal(model.parameters, parameterCount(fixture.descriptor));
});

Then(
  'routing fixture vectors {int} to {int} through the shard-format fixture {string} agrees with the oracle at every layer',
  async function (this: ConformanceWorld, first: number, last: number, name: string) {
    // Exact scores show that every tensor was read from its own byte range, whatever the order the shard uses.
    const { descriptor, tensors } = fixtureOf(name);
    const hidden = inputMatrix(descriptor.seed, first, last - first + 1, descriptor.dModel);
    for (let layer = 0; layer < descriptor.layers; layer += 1) {
      const result = await routeAgain(this, { model: name, layer, hidden }, `routing ${name} at layer ${layer}`);
      const problems = [...compareWithOracle(result, tensors, descriptor, layer, hidden, parseU64(descriptor.seed)), ...checkReportedDigests(result)];
      assert.deepEqual(problems, [], `layer ${layer}:\n${problems.join('\n')}`);
    }
  },
);
