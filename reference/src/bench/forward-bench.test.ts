import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import type { ForwardResult } from '../forward/forward-types.ts';
import { type ForwardBenchRow, expertBytesPerLayer, median, parseInputMode, parseShape, runForwardBench } from './forward-bench.ts';

test('median of odd and even counts, and none', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /no values/);
});

test('parseShape reads SEQUENCESxLENGTH and refuses anything else', () => {
  assert.deepEqual(parseShape('8x64'), { sequences: 8, length: 64 });
  for (const bad of ['8', 'x64', '0x4', '2x0', '2x4x1', '-1x3']) assert.throws(() => parseShape(bad), /SEQUENCESxLENGTH/);
});

test('parseInputMode accepts fresh and repeated only', () => {
  assert.equal(parseInputMode('fresh'), 'fresh');
  assert.equal(parseInputMode('repeated'), 'repeated');
  assert.throws(() => parseInputMode('warm'), /fresh, repeated/);
});

test('expertBytesPerLayer counts distinct experts per layer, averaged over layers', () => {
  const route = (layer: number, ids: number[]) => ({ layer, experts: ids.map((id) => ({ tier: 0, group: 0, expert: id, id, gate: 1 })) });
  const token = (routes: ReturnType<typeof route>[]) => ({ digest: '', routes, flops: { attention: 0, router: 0, experts: 0, output: 0, total: 0 }, parameterBytes: 0 });
  const result: ForwardResult = {
    model: 'm', seed: '0', digest: '',
    sequences: [{ digest: '', tokens: [token([route(0, [1, 2]), route(1, [5])]), token([route(0, [2, 3]), route(1, [5])])] }],
  };
  const perExpert = 3 * DEFAULT_MODEL_DESCRIPTOR.dModel * DEFAULT_MODEL_DESCRIPTOR.dFF * 4;
  // Layer 0 selects {1, 2, 3}, layer 1 selects {5}: two experts per layer on average.
  assert.equal(expertBytesPerLayer(result, DEFAULT_MODEL_DESCRIPTOR), 2 * perExpert);
});

test('a bench run reports both models per shape, identical expert FLOPs, more router FLOPs and weights for 6,400', async () => {
  const lines: string[] = [];
  const reports = await runForwardBench({ passes: 1, shapes: [{ sequences: 1, length: 2 }], print: (line) => lines.push(line) });
  assert.deepEqual(reports.map((r) => r.inputs), ['fresh', 'repeated']);
  assert.equal(reports[0]!.rows.length, 2);
  const [small, large] = reports[0]!.rows as [ForwardBenchRow, ForwardBenchRow];
  assert.deepEqual([small.expertsPerLayer, large.expertsPerLayer], [64, 6400]);
  assert.equal(small.expertFlopsPerToken, large.expertFlopsPerToken);
  assert.ok(large.routerFlopsPerToken > small.routerFlopsPerToken);
  assert.ok(small.tokensPerSecond > 0 && large.tokensPerSecond > 0 && reports[0]!.ratio! > 0);
  // Two tokens route to at most 2·4 experts per layer; each selects exactly k = 4 distinct ones.
  const perExpert = 3 * DEFAULT_MODEL_DESCRIPTOR.dModel * DEFAULT_MODEL_DESCRIPTOR.dFF * 4;
  for (const row of [small, large]) assert.ok(row.expertBytesPerLayer >= 4 * perExpert && row.expertBytesPerLayer <= 8 * perExpert);
  assert.ok(lines.some((line) => line.startsWith('ratio (6400 / 64 experts')));
});
