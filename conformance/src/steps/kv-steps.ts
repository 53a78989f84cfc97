// The KV cache (SPEC-046): pool figures, reservation, E_MEMORY_KV, prefix reuse within a tenant and never across
// tenants or routing seeds, eviction order, the pool control and its reset.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { kvFigures, lastRecord, recordNamed, type KvFigures } from '../support/generation-calls.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

const NOTED_SIZE = 'KV pool size at the start of the scenario';

Given('the KV pool holds {int} pages', async function (this: ConformanceWorld, pagesTotal: number) {
  const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/kv', token: this.token('admin'), body: { pagesTotal } });
  const figures = assertSucceeds(this, response, 200, 'protocol/kv-pool', 'PUT /v1/conformance/kv') as KvFigures;
  assert.equal(figures.pagesTotal, pagesTotal);
  assert.equal(figures.pagesFree, pagesTotal, 'a new pool has every page free');
});

When('{principal} resizes the KV pool to {int} pages', async function (this: ConformanceWorld, who: Principal, pagesTotal: number) {
  await sendRecorded(this, who, { method: 'PUT', path: '/v1/conformance/kv', body: { pagesTotal } });
});

Given('the KV pool size is noted', async function (this: ConformanceWorld) {
  this.remembered.set(NOTED_SIZE, (await kvFigures(this)).pagesTotal);
});

Then('the KV pool has its noted size, no cached page and zero counters', async function (this: ConformanceWorld) {
  const figures = await kvFigures(this);
  assert.equal(figures.pagesTotal, this.recall<number>(NOTED_SIZE), 'pagesTotal after reset');
  assert.deepEqual(
    [figures.pagesFree, figures.pagesCached, figures.prefixHits, figures.prefixTokensReused, figures.evictions],
    [figures.pagesTotal, 0, 0, 0, 0],
    `figures after reset: ${JSON.stringify(figures)}`,
  );
});

Then('the KV pool reads {string}', async function (this: ConformanceWorld, expected: string) {
  const figures = await kvFigures(this) as unknown as Record<string, number>;
  assert.equal(figures.pageTokens, 16, 'pageTokens');
  for (const pair of expected.split(',')) {
    const [name = '', value = ''] = pair.split('=').map((s) => s.trim());
    assert.equal(figures[name], Number(value), `${name} in ${JSON.stringify(figures)}`);
  }
});

Then('no KV page is active and no sequence is admitted', async function (this: ConformanceWorld) {
  const figures = await kvFigures(this);
  assert.deepEqual([figures.pagesActive, figures.sequences], [0, 0], `figures ${JSON.stringify(figures)}`);
});

Then('the generation reported {int} cached token(s)', function (this: ConformanceWorld, cached: number) {
  assert.equal(lastRecord(this).result.usage.cachedTokens, cached, 'usage.cachedTokens');
});

Then('the generation {string} reported {int} cached token(s)', function (this: ConformanceWorld, label: string, cached: number) {
  assert.equal(recordNamed(this, label).result.usage.cachedTokens, cached, `usage.cachedTokens of ${label}`);
});

Then('the generations {string} and {string} have the same tokens, text and finish reason', function (this: ConformanceWorld, a: string, b: string) {
  const pick = (label: string) => {
    const { tokens, text, finishReason } = recordNamed(this, label).result;
    return { tokens, text, finishReason };
  };
  assert.deepEqual(pick(b), pick(a));
});
