import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { assertValidReport, formatValidationErrors, REPORT_SCHEMA_PATH, validateReport } from './validate-report.ts';
import { reportWith, scenario } from './test-support/report-inputs.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const valid = reportWith([
  scenario('features/a.feature:3', 'passed', ['REQ-001-001']),
  scenario('features/a.feature:9:14', 'failed', []),
  scenario('features/a.feature:20', 'skipped', []),
  scenario('features/a.feature:30', 'undefined', []),
]);

test('the schema compiles with every ajv strict-mode check raised to an error', () => {
  const ajv = new Ajv2020({
    strict: true, strictSchema: true, strictNumbers: true, strictTypes: true, strictTuples: true, strictRequired: true,
    allErrors: true,
  });
  addFormats(ajv);
  assert.doesNotThrow(() => ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as object));
});

test('accepts a well-formed report', () => {
  assert.deepEqual(validateReport(valid), { valid: true, errors: [] });
});

test('rejects unknown fields anywhere, with the path to each', () => {
  const extra = { ...valid, extra: 1, runtime: { ...valid.runtime, secret: 'x' } };
  const { valid: ok, errors } = validateReport(extra);
  assert.equal(ok, false);
  assert.deepEqual(formatValidationErrors(errors).sort(), [
    '(report) must NOT have additional properties {"additionalProperty":"extra"}',
    '/runtime must NOT have additional properties {"additionalProperty":"secret"}',
  ]);
});

test('ties error and skipReason to the scenario status', () => {
  const [passed, failed, skipped] = valid.scenarios;
  const cases = [
    { ...failed, error: undefined },
    { ...passed, error: 'unexpected' },
    { ...skipped, skipReason: undefined },
    { ...passed, skipReason: 'unexpected' },
    { ...failed, error: 'x'.repeat(2049) },
  ].map((s) => JSON.parse(JSON.stringify(s)) as unknown);
  for (const bad of cases) {
    assert.equal(validateReport({ ...valid, scenarios: [bad] }).valid, false, JSON.stringify(bad));
  }
});

test('checks identifiers, digests and dates', () => {
  assert.equal(validateReport({ ...valid, runId: '../x' }).valid, false);
  assert.equal(validateReport({ ...valid, createdAt: '2025-13-01' }).valid, false);
  assert.equal(validateReport({ ...valid, suite: { ...valid.suite, digest: 'ABC' } }).valid, false);
  assert.equal(validateReport({ ...valid, runtime: { ...valid.runtime, profiles: ['core', 'core'] } }).valid, false);
  const requirement = { id: 'REQ-1-1', spec: 'SPEC-001', level: 'MUST', profiles: ['core'], verdict: 'pass', scenarios: [] };
  assert.equal(validateReport({ ...valid, requirements: [requirement] }).valid, false);
});

test('assertValidReport throws H_REPORT_SCHEMA_INVALID listing the problems', () => {
  assert.throws(() => assertValidReport({ ...valid, verdict: 'maybe' }), (error: unknown) => {
    const { code, problems } = error as { code: string; problems: string[] };
    assert.equal(code, 'H_REPORT_SCHEMA_INVALID');
    assert.ok(problems.some((line) => line.startsWith('/verdict must be equal to one of the allowed values')));
    return true;
  });
});
