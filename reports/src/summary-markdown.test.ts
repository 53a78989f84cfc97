import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, renderSummary } from './summary-markdown.ts';
import { reportWith, scenario } from './test-support/report-inputs.ts';

const failing = { ...scenario('features/r.feature:12', 'failed', ['REQ-003-002', 'REQ-003-004'], ['@SPEC-003']), name: 'gate | product *bold*', error: 'Error: expected `7`\n    at stack' };
const report = reportWith(
  [scenario('features/r.feature:8', 'passed', ['REQ-003-001'], ['@SPEC-003']), failing],
  {
    verdict: 'fail',
    verdictReasons: ['1 scenario(s) failed: features/r.feature:12'],
    requirements: [
      { id: 'REQ-003-001', spec: 'SPEC-003', level: 'MUST', profiles: ['core'], verdict: 'pass', scenarios: ['features/r.feature:8'] },
      { id: 'REQ-003-002', spec: 'SPEC-003', level: 'MUST', profiles: ['core'], verdict: 'fail', scenarios: ['features/r.feature:12'] },
      { id: 'REQ-003-009', spec: 'SPEC-003', level: 'SHOULD', profiles: ['core'], verdict: 'not-run', scenarios: [] },
    ],
  },
);
const markdown = renderSummary(report);

test('opens with the verdict and the reasons for it', () => {
  const lines = markdown.split('\n');
  assert.equal(lines[0], '# Conformance report 20250102T030405Z-abc123');
  assert.equal(lines[2], '**Verdict: FAIL**');
  assert.equal(lines[4], '- 1 scenario(s) failed: features/r.feature:12');
});

test('names the runtime, its claims and the suite that judged it', () => {
  assert.match(markdown, /^\| Runtime \| rt 1\.0 \|$/m);
  assert.match(markdown, /^\| Endpoint \| `http:\/\/127\.0\.0\.1:4000` \|$/m);
  assert.match(markdown, /^\| Claimed profiles \| core \|$/m);
  assert.match(markdown, new RegExp(`^\\| Suite \\| .*digest \`${'0'.repeat(64)}\` \\|$`, 'm'));
});

test('has a per-spec table and lists failures with their requirement ids', () => {
  assert.match(markdown, /^\| SPEC-003 \| 1\/3 \| 1 \| 1 \| 0 \|$/m);
  assert.match(
    markdown,
    /^- `features\/r\.feature:12` gate \\\| product \\\*bold\\\* \(REQ-003-002, REQ-003-004\): `` Error: expected `7` ``$/m,
  );
  assert.match(markdown, /^- REQ-003-009 \(SHOULD, not-run\)$/m);
});

test('escapes Markdown punctuation so report text renders literally', () => {
  assert.equal(escapeMarkdown('a|b *c* _d_ [e](f) <g>\nh & `i`'), 'a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> h \\& \\`i\\`');
  assert.equal(escapeMarkdown('# not a heading'), '\\# not a heading');
  assert.equal(escapeMarkdown('- not a list'), '\\- not a list');
});
