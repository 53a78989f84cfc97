import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrometheusText, valueOf } from './prometheus-text.ts';

const VALID = [
  '# HELP a_total Things.\\nSecond line with \\\\.',
  '# TYPE a_total counter',
  'a_total{k="x\\"y\\\\z\\nw",j="1"} 3',
  'a_total{k="",j="2"} 0 1700000000000',
  '# HELP h Latency.',
  '# TYPE h histogram',
  'h_bucket{le="0.5"} 1',
  'h_bucket{le="1"} 2',
  'h_bucket{le="+Inf"} 3',
  'h_sum 4.5',
  'h_count 3',
  '# A plain comment.',
  '# HELP g A gauge.',
  '# TYPE g gauge',
  'g -1.5e-3',
  'g{x="NaN"} NaN',
  '',
].join('\n');

test('a valid exposition reads without problems, escapes decoded', () => {
  const exposition = parsePrometheusText(VALID);
  assert.deepEqual(exposition.problems, []);
  assert.equal(exposition.families.get('a_total')?.help, 'Things.\nSecond line with \\.');
  assert.equal(valueOf(exposition, 'a_total', { k: 'x"y\\z\nw', j: '1' }), 3);
  assert.equal(valueOf(exposition, 'h_bucket', { le: '+Inf' }), 3);
  assert.equal(valueOf(exposition, 'g'), -0.0015);
  assert.ok(Number.isNaN(valueOf(exposition, 'g', { x: 'NaN' })));
  assert.equal(valueOf(exposition, 'a_total', { k: '' }), undefined);
});

const BROKEN: [string, string, RegExp][] = [
  ['no final newline', VALID.slice(0, -1), /line feed/],
  ['TYPE missing', VALID.replace('# TYPE g gauge\n', ''), /g has no # TYPE/],
  ['HELP missing', VALID.replace('# HELP g A gauge.\n', ''), /g has no # HELP/],
  ['TYPE after samples', VALID.replace('# TYPE g gauge\ng -1.5e-3\n', 'g -1.5e-3\n# TYPE g gauge\n'), /after its samples/],
  ['bad escape', VALID.replace('x\\"y', 'x\\ty'), /escape \\t/],
  ['counter without _total', VALID.replaceAll('a_total', 'a_count_things'), /does not end in _total/],
  ['not cumulative', VALID.replace('h_bucket{le="1"} 2', 'h_bucket{le="1"} 0'), /not cumulative/],
  ['+Inf missing', VALID.replace('h_bucket{le="+Inf"} 3\n', ''), /not le="\+Inf"/],
  ['count differs', VALID.replace('h_count 3', 'h_count 4'), /differs from the \+Inf bucket/],
  ['sum missing', VALID.replace('h_sum 4.5\n', ''), /no _sum/],
  ['interleaved', `${VALID}a_total{k="q",j="3"} 1\n`, /not contiguous/],
  ['duplicate series', `${VALID}g{x="NaN"} 1\n`, /appears twice/],
  ['bad value', VALID.replace('g -1.5e-3', 'g 0x10'), /not a sample value/],
  ['bad name', VALID.replace('g -1.5e-3', '1g 2'), /start with a metric name/],
  ['bad label name', VALID.replace('{x="NaN"}', '{x-y="NaN"}'), /bad label name/],
  ['repeated label', VALID.replace('{x="NaN"}', '{x="1",x="2"}'), /appears twice/],
  ['empty line', VALID.replace('# A plain comment.', ''), /an empty line/],
  ['unknown type', VALID.replace('# TYPE g gauge', '# TYPE g meter'), /not a metric type/],
];

for (const [what, text, problem] of BROKEN) {
  test(`refused: ${what}`, () => {
    const { problems } = parsePrometheusText(text);
    assert.ok(problems.some((p) => problem.test(p)), `expected ${String(problem)} among ${JSON.stringify(problems)}`);
  });
}
