import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope } from '@cucumber/messages';
import { buildReport } from './build-report.ts';
import { validateReport } from './validate-report.ts';
import { runFixtureSuite } from './test-support/cucumber-fixture.ts';
import { fixtureInput } from './test-support/report-inputs.ts';

// One real cucumber-js run shared by every test in this file.
const run = await runFixtureSuite();
const report = buildReport(fixtureInput(run.envelopes));

test('every executed scenario is reported once, ordered by file then line, with stable ids', () => {
  assert.deepEqual(
    report.scenarios.map((s) => [s.id, s.status]),
    [
      ['features/errors.feature:5', 'passed'],
      ['features/errors.feature:11', 'passed'],
      ['features/errors.feature:15', 'skipped'],
      ['features/routing.feature:8', 'passed'],
      ['features/routing.feature:12', 'failed'],
      ['features/routing.feature:16', 'skipped'],
      ['features/routing.feature:21', 'undefined'],
      ['features/routing.feature:25:30', 'passed'],
      ['features/routing.feature:25:31', 'passed'],
    ],
  );
  const outline = report.scenarios.find((s) => s.id === 'features/routing.feature:25:31');
  assert.equal(outline?.name, 'batch of 2');
  assert.equal(outline?.feature, 'Routing <ties> & "order"');
  assert.deepEqual(outline?.tags, ['@SPEC-003', '@REQ-003-004']);
  assert.deepEqual(outline?.requirements, ['REQ-003-004']);
});

test('a failed scenario carries its first failure message; an undefined one names the step', () => {
  const failed = report.scenarios.find((s) => s.status === 'failed');
  assert.equal(failed?.error, "Error: broke: x<y & 'z' ]]>");
  const undefinedStep = report.scenarios.find((s) => s.status === 'undefined');
  assert.equal(undefinedStep?.error, 'Undefined step: nobody defined this');
  assert.equal(report.scenarios.filter((s) => s.error !== undefined).length, 2);
});

test('a skipped scenario carries the reason its step logged before returning skipped', () => {
  const skipped = report.scenarios.find((s) => s.id === 'features/routing.feature:16');
  assert.equal(skipped?.skipReason, 'capability not claimed: stream');
  assert.equal(report.scenarios.filter((s) => s.skipReason !== undefined).length, 2);
});

test('a reason attached with the skip-reason media type wins over other text the hook attached', () => {
  const skipped = report.scenarios.find((s) => s.id === 'features/errors.feature:15');
  assert.equal(skipped?.status, 'skipped');
  assert.equal(skipped?.skipReason, 'no production-mode endpoint was supplied');
});

test('only the final attempt of a retried scenario counts', () => {
  const attempts = run.envelopes.filter((e) => e.testCaseStarted).map((e) => e.testCaseStarted?.attempt);
  assert.ok(attempts.includes(1), 'the fixture retried its flaky scenario');
  assert.equal(report.scenarios.find((s) => s.id === 'features/errors.feature:11')?.status, 'passed');
});

test('requirements aggregate their scenarios; retired ones are left out', () => {
  assert.deepEqual(
    report.requirements.map((r) => [r.id, r.verdict, r.scenarios]),
    [
      ['REQ-003-001', 'fail', ['features/routing.feature:8', 'features/routing.feature:21']],
      ['REQ-003-002', 'fail', ['features/routing.feature:12']],
      ['REQ-003-003', 'skipped', ['features/routing.feature:16']],
      ['REQ-003-004', 'pass', ['features/routing.feature:25:30', 'features/routing.feature:25:31']],
      ['REQ-003-005', 'not-run', []],
      ['REQ-007-001', 'pass', ['features/errors.feature:5']],
      ['REQ-007-002', 'pass', ['features/errors.feature:11']],
      ['REQ-007-003', 'skipped', ['features/errors.feature:15']],
    ],
  );
  assert.deepEqual(report.requirements.find((r) => r.id === 'REQ-007-001')?.profiles, ['core']);
  assert.deepEqual(report.requirements.find((r) => r.id === 'REQ-003-003')?.profiles, ['streaming']);
});

test('summary counts scenarios and requirements by outcome', () => {
  assert.deepEqual(report.summary.scenarios, { total: 9, passed: 5, failed: 1, skipped: 2, undefined: 1 });
  assert.deepEqual(report.summary.requirements, { total: 8, passed: 3, failed: 2, notRun: 1, skipped: 2 });
  assert.ok(report.summary.durationMs >= 0);
});

test('identity, run options and environment are recorded as given', () => {
  assert.equal(report.runId, '20250102T030405Z-abc123');
  assert.equal(report.createdAt, '2025-01-02T03:04:05.000Z');
  assert.deepEqual(report.runtime, {
    endpoint: 'http://127.0.0.1:4000', name: 'lite-llm-reference', version: '0.1.0', protocolVersion: '1.0',
    mode: 'conformance', profiles: ['core'], capabilities: ['models.load', 'route'],
  });
  assert.deepEqual(report.run, { profile: 'core', tags: null, certification: false });
  assert.equal(report.environment.cucumberVersion, run.envelopes.find((e) => e.meta)?.meta?.implementation.version);
});

test('a development run fails on failed and undefined scenarios only', () => {
  assert.equal(report.verdict, 'fail');
  assert.deepEqual(report.verdictReasons, [
    '1 scenario(s) failed: features/routing.feature:12',
    '1 scenario(s) have undefined steps: features/routing.feature:21',
  ]);
});

test('a certification run also fails on every MUST of the claimed profiles that did not pass', () => {
  const certified = buildReport(fixtureInput(run.envelopes, {
    run: { runId: 'cert-1', profile: 'core', tags: null, certification: true },
  }));
  assert.equal(certified.verdict, 'fail');
  assert.equal(
    certified.verdictReasons[2],
    '4 MUST requirement(s) of profiles core did not pass: ' +
      'REQ-003-001 (fail), REQ-003-002 (fail), REQ-003-005 (not-run), REQ-007-003 (skipped)',
  );
});

test('the report satisfies its schema and is reproducible from the same inputs', () => {
  const { valid, errors } = validateReport(report);
  assert.deepEqual(errors, []);
  assert.equal(valid, true);
  assert.deepEqual(buildReport(fixtureInput(run.envelopes)), report);
  const roundTripped = JSON.parse(JSON.stringify(report)) as unknown;
  assert.deepEqual(roundTripped, report);
});

test('a stream cut inside a test case marks that scenario failed and the run incomplete', () => {
  const cut = run.envelopes.findIndex((e) => e.testStepStarted !== undefined);
  const partial = buildReport(fixtureInput(run.envelopes.slice(0, cut + 1)));
  assert.equal(partial.scenarios.length, 1);
  assert.equal(partial.scenarios[0]?.status, 'failed');
  assert.equal(partial.scenarios[0]?.error, 'the test case did not finish');
  assert.equal(partial.verdictReasons[0], 'the messages stream ends before the test run finished');
  assert.equal(validateReport(partial).valid, true);
});

test('a long failure message is cut to 2048 UTF-8 bytes on a character boundary', () => {
  const long = 'é'.repeat(3000);
  const envelopes = run.envelopes.map((envelope): Envelope => {
    const finished = envelope.testStepFinished;
    if (finished?.testStepResult.exception === undefined) return envelope;
    const exception = { ...finished.testStepResult.exception, message: long };
    return { testStepFinished: { ...finished, testStepResult: { ...finished.testStepResult, exception } } };
  });
  const error = buildReport(fixtureInput(envelopes)).scenarios.find((s) => s.status === 'failed')?.error ?? '';
  assert.ok(Buffer.byteLength(error, 'utf8') <= 2048);
  assert.ok(Buffer.byteLength(error, 'utf8') >= 2040);
  assert.ok(error.startsWith('Error: éé'));
  assert.ok(error.endsWith('é…'));
});

test('inputs that cannot make a report are refused with a stable code', () => {
  assert.throws(() => buildReport(fixtureInput(run.envelopes, { info: { mode: 'conformance' } })), {
    code: 'H_REPORT_INPUT_INVALID',
  });
  assert.throws(
    () => buildReport(fixtureInput(run.envelopes, { run: { runId: '../escape', certification: false } })),
    { code: 'H_REPORT_INPUT_INVALID' },
  );
  assert.throws(() => buildReport(fixtureInput(run.envelopes, { createdAt: 'yesterday' })), {
    code: 'H_REPORT_INPUT_INVALID',
  });
});
