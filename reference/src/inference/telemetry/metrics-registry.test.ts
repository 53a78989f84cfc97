import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from './metrics-registry.ts';

test('metrics are listed by name and series by label values, whatever the order they were made in', () => {
  const registry = new MetricsRegistry();
  const b = registry.counter('b_total', 'b', ['x', 'y']);
  registry.gauge('a', 'a').set({}, 3);
  b.inc({ x: 'z', y: '1' });
  b.inc({ x: 'a', y: '2' }, 2);
  b.inc({ x: 'a', y: '10' });
  const snapshot = registry.snapshot();
  assert.deepEqual(snapshot.map((m) => m.name), ['a', 'b_total']);
  assert.deepEqual(snapshot[1]?.series.map((s) => [s.labels, s.value]), [[['a', '10'], 1], [['a', '2'], 2], [['z', '1'], 1]]);
});

test('histogram buckets are cumulative, le inclusive, with the +Inf bucket equal to the count', () => {
  const h = new MetricsRegistry().histogram('h', 'h', [], [1, 2, 5]);
  for (const v of [0.5, 1, 1.5, 2, 7, 100]) h.observe({}, v);
  const [series] = h.snapshot().series;
  assert.deepEqual(series?.buckets, [2, 4, 4, 6]);
  assert.equal(series?.count, 6);
  assert.equal(series?.value, 112);
});

test('names, label sets and counter moves are checked', () => {
  const registry = new MetricsRegistry();
  assert.throws(() => registry.counter('requests', 'no _total'));
  assert.throws(() => registry.gauge('9lives', 'bad name'));
  assert.throws(() => registry.gauge('g', 'reserved label', ['__x']));
  assert.throws(() => registry.histogram('h', 'le is the bucket label', ['le'], [1]));
  assert.throws(() => registry.histogram('h2', 'bounds must ascend', [], [2, 1]));
  const c = registry.counter('c_total', 'c', ['a']);
  assert.throws(() => c.inc({ a: 'x' }, -1), /cannot move/);
  assert.throws(() => c.inc({ b: 'x' }), /takes labels/);
  assert.throws(() => c.inc({}), /takes labels/);
  assert.throws(() => registry.counter('c_total', 'again'), /already registered/);
});

test('declared series exist at zero before anything is recorded', () => {
  const registry = new MetricsRegistry();
  registry.counter('c_total', 'c', ['outcome']).declare({ outcome: 'stop' });
  assert.deepEqual(registry.snapshot()[0]?.series, [{ labels: ['stop'], value: 0 }]);
});
