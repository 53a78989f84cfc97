import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RequirementResult } from './report-types.ts';
import { formatSpecSummary, NO_SPEC, specRows } from './spec-summary.ts';
import { reportWith, scenario } from './test-support/report-inputs.ts';

function requirement(id: string, verdict: RequirementResult['verdict']): RequirementResult {
  return { id, spec: `SPEC-${id.slice(4, 7)}`, level: 'MUST', profiles: ['core'], verdict, scenarios: [] };
}

const requirements = [
  requirement('REQ-003-001', 'pass'),
  requirement('REQ-003-002', 'fail'),
  requirement('REQ-010-001', 'not-run'),
  requirement('REQ-000-001', 'pass'),
];
const report = reportWith(
  [
    scenario('f.feature:1', 'passed', ['REQ-003-001'], ['@SPEC-003']),
    scenario('f.feature:2', 'failed', ['REQ-003-002'], ['@SPEC-003']),
    scenario('f.feature:3', 'undefined', [], ['@SPEC-003']),
    scenario('g.feature:1', 'skipped', ['REQ-000-001', 'REQ-003-001'], ['@SPEC-000']),
    scenario('h.feature:1', 'passed', []),
  ],
  {
    requirements,
    summary: {
      scenarios: { total: 5, passed: 2, failed: 1, skipped: 1, undefined: 1 },
      requirements: { total: 4, passed: 2, failed: 1, notRun: 1, skipped: 0 },
      durationMs: 5,
    },
  },
);

test('rows per spec: requirements by spec field, scenarios by spec tag and by the specs of their requirements', () => {
  assert.deepEqual(specRows(report), [
    { spec: 'SPEC-000', requirementsPassed: 1, requirementsTotal: 1, scenariosPassed: 0, scenariosFailed: 0, scenariosSkipped: 1 },
    { spec: 'SPEC-003', requirementsPassed: 1, requirementsTotal: 2, scenariosPassed: 1, scenariosFailed: 2, scenariosSkipped: 1 },
    { spec: 'SPEC-010', requirementsPassed: 0, requirementsTotal: 1, scenariosPassed: 0, scenariosFailed: 0, scenariosSkipped: 0 },
    { spec: NO_SPEC, requirementsPassed: 0, requirementsTotal: 0, scenariosPassed: 1, scenariosFailed: 0, scenariosSkipped: 0 },
  ]);
});

test('the console table is aligned and ends with distinct-scenario totals', () => {
  const expected = [
    'spec       requirements  passed  failed  skipped',
    '------------------------------------------------',
    'SPEC-000            1/1       0       0        1',
    'SPEC-003            1/2       1       2        1',
    'SPEC-010            0/1       0       0        0',
    '(no spec)           0/0       1       0        0',
    '------------------------------------------------',
    'total               2/4       2       2        1',
  ];
  assert.equal(formatSpecSummary(report), expected.join('\n'));
});
