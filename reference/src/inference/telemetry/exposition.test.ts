import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeLabelValue, formatValue, renderExposition } from './exposition.ts';
import { readExposition, sampleValue } from './exposition-reader.ts';
import { MetricsRegistry } from './metrics-registry.ts';

test('a small registry renders exactly as Prometheus text 0.0.4', () => {
  const registry = new MetricsRegistry();
  registry.counter('req_total', 'Requests.\nTwo lines \\ one backslash', ['path']).inc({ path: 'a"b\\c\nd' }, 3);
  const h = registry.histogram('lat_seconds', 'Latency.', [], [0.1, 1]);
  h.observe({}, 0.05);
  h.observe({}, 2);
  assert.equal(renderExposition(registry.snapshot()), [
    '# HELP lat_seconds Latency.',
    '# TYPE lat_seconds histogram',
    'lat_seconds_bucket{le="0.1"} 1',
    'lat_seconds_bucket{le="1"} 1',
    'lat_seconds_bucket{le="+Inf"} 2',
    'lat_seconds_sum 2.05',
    'lat_seconds_count 2',
    '# HELP req_total Requests.\\nTwo lines \\\\ one backslash',
    '# TYPE req_total counter',
    'req_total{path="a\\"b\\\\c\\nd"} 3',
    '',
  ].join('\n'));
});

test('label values escape exactly backslash, double quote and newline', () => {
  assert.equal(escapeLabelValue('\\"\n\t'), '\\\\\\"\\n\t');
  assert.deepEqual([formatValue(Infinity), formatValue(-Infinity), formatValue(NaN), formatValue(1e-7), formatValue(3)], ['+Inf', '-Inf', 'NaN', '1e-7', '3']);
});

test('round trip: any label values and observations read back as written', () => {
  const labelValue = fc.string({ unit: 'binary', maxLength: 12 });
  fc.assert(fc.property(
    fc.array(fc.tuple(labelValue, labelValue, fc.integer({ min: 0, max: 1000 })), { maxLength: 8 }),
    fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 20 }),
    (increments, observations) => {
      const registry = new MetricsRegistry();
      const counter = registry.counter('x_total', 'help with \\ and \n', ['a', 'b']);
      const expected = new Map<string, number>();
      for (const [a, b, n] of increments) {
        counter.inc({ a, b }, n);
        const key = JSON.stringify([a, b]);
        expected.set(key, (expected.get(key) ?? 0) + n);
      }
      const histogram = registry.histogram('y_seconds', 'y', [], [1, 10]);
      histogram.declare();
      for (const v of observations) histogram.observe({}, v);
      const families = readExposition(renderExposition(registry.snapshot()));
      assert.equal(families.get('x_total')?.help, 'help with \\ and \n');
      assert.equal(families.get('x_total')?.type, 'counter');
      for (const [key, n] of expected) {
        const [a, b] = JSON.parse(key) as [string, string];
        assert.equal(sampleValue(families, 'x_total', { a, b }), n);
      }
      assert.equal(families.get('x_total')?.samples.length, expected.size);
      assert.equal(sampleValue(families, 'y_seconds_count'), observations.length);
      assert.equal(sampleValue(families, 'y_seconds_bucket', { le: '+Inf' }), observations.length);
      assert.equal(sampleValue(families, 'y_seconds_bucket', { le: '1' }), observations.filter((v) => v <= 1).length);
    },
  ));
});

test('fault options: histograms without TYPE and per-bucket counts', () => {
  const registry = new MetricsRegistry();
  const h = registry.histogram('h', 'h', [], [1]);
  h.observe({}, 0.5);
  h.observe({}, 5);
  const text = renderExposition(registry.snapshot(), { untypedHistograms: true, bucketsNotCumulative: true });
  assert.doesNotMatch(text, /# TYPE/);
  assert.match(text, /h_bucket\{le="\+Inf"\} 1\n/);
});

test('the reader refuses what the format forbids', () => {
  const bad = [
    'x 1',
    'x{a="b\\t"} 1\n',
    'x{a="1",a="2"} 1\n',
    '# TYPE x counter\n# TYPE x counter\n',
    'x 1\n# HELP x late\n',
    'x 1\ny 1\nx 2\n',
    'x{a="1"} one\n',
    '# TYPE x flux\n',
  ];
  for (const text of bad) assert.throws(() => readExposition(text), Error, JSON.stringify(text));
});
