import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestRunFinished } from '@cucumber/messages';
import type { RequirementResult, RunOptions, RuntimeIdentity } from './report-types.ts';
import type { RequirementEntry } from './requirements-index.ts';
import { requirementResults, requirementVerdict, verdictReasons } from './verdicts.ts';
import { scenario } from './test-support/report-inputs.ts';

const finished: TestRunFinished = { success: true, timestamp: { seconds: 1, nanos: 0 } };
const complete = { runFinished: finished, truncated: false };
const runtime: RuntimeIdentity = {
  endpoint: 'http://x', name: 'rt', version: '1', protocolVersion: '1.0', mode: 'conformance', profiles: ['core'], capabilities: [],
};
const certification: RunOptions = { profile: 'core', tags: null, certification: true };
const development: RunOptions = { profile: null, tags: '@SPEC-003', certification: false };

function requirement(id: string, level: RequirementResult['level'], verdict: RequirementResult['verdict'], profiles = ['core']): RequirementResult {
  return { id, spec: `SPEC-${id.slice(4, 7)}`, level, profiles, verdict, scenarios: [] };
}

test('requirement verdict: any failure or undefined step fails; a pass among skips passes; all skipped is skipped', () => {
  assert.equal(requirementVerdict([]), 'not-run');
  assert.equal(requirementVerdict([scenario('a:1', 'passed', []), scenario('a:2', 'failed', [])]), 'fail');
  assert.equal(requirementVerdict([scenario('a:1', 'passed', []), scenario('a:2', 'undefined', [])]), 'fail');
  assert.equal(requirementVerdict([scenario('a:1', 'passed', []), scenario('a:2', 'skipped', [])]), 'pass');
  assert.equal(requirementVerdict([scenario('a:1', 'skipped', []), scenario('a:2', 'skipped', [])]), 'skipped');
});

test('requirement results follow the index order, skip retired entries and ignore unknown tags', () => {
  const index: RequirementEntry[] = [
    { id: 'REQ-001-001', spec: 'SPEC-001', level: 'MUST', profiles: ['core'], verification: null, retired: false },
    { id: 'REQ-001-002', spec: 'SPEC-001', level: 'MUST', profiles: ['core'], verification: null, retired: true },
  ];
  const results = requirementResults(index, [
    scenario('f:1', 'passed', ['REQ-001-001', 'REQ-001-002', 'REQ-999-999']),
  ]);
  assert.deepEqual(results, [
    { id: 'REQ-001-001', spec: 'SPEC-001', level: 'MUST', profiles: ['core'], verdict: 'pass', scenarios: ['f:1'] },
  ]);
});

test('a certification run passes when every MUST of the claimed profiles passed', () => {
  const requirements = [
    requirement('REQ-001-001', 'MUST', 'pass'),
    requirement('REQ-001-002', 'SHOULD', 'not-run'),
    requirement('REQ-001-003', 'MUST', 'not-run', ['streaming']),
  ];
  assert.deepEqual(verdictReasons([scenario('f:1', 'passed', [])], requirements, runtime, certification, complete), []);
});

test('the core profile counts even when the runtime leaves it out of its claim', () => {
  const unclaimedCore = { ...runtime, profiles: ['streaming'] };
  const requirements = [requirement('REQ-001-001', 'MUST', 'not-run'), requirement('REQ-001-002', 'MUST', 'skipped', ['streaming'])];
  assert.deepEqual(verdictReasons([scenario('f:1', 'passed', [])], requirements, unclaimedCore, certification, complete), [
    '2 MUST requirement(s) of profiles core, streaming did not pass: REQ-001-001 (not-run), REQ-001-002 (skipped)',
  ]);
});

test('MUST requirements that did not pass do not fail a development run', () => {
  const requirements = [requirement('REQ-001-001', 'MUST', 'not-run')];
  assert.deepEqual(verdictReasons([scenario('f:1', 'passed', [])], requirements, runtime, development, complete), []);
});

test('a certification run may not be filtered by tags', () => {
  const filtered = { ...certification, tags: 'not @slow' };
  assert.deepEqual(verdictReasons([scenario('f:1', 'passed', [])], [], runtime, filtered, complete), [
    'a certification run may not filter scenarios (tags: not @slow)',
  ]);
});

test('an empty, unfinished or erroring run fails', () => {
  assert.deepEqual(verdictReasons([], [], runtime, development, complete), ['no scenario ran']);
  assert.deepEqual(verdictReasons([scenario('f:1', 'passed', [])], [], runtime, development, { runFinished: undefined, truncated: false }), [
    'the messages stream ends before the test run finished',
  ]);
  const crashed = { ...finished, success: false, exception: { type: 'Error', message: 'BeforeAll hook failed\nstack' } };
  assert.deepEqual(verdictReasons([scenario('f:1', 'passed', [])], [], runtime, development, { runFinished: crashed, truncated: false }), [
    'the test run reported an error: BeforeAll hook failed',
  ]);
  const unsuccessful = { ...finished, success: false };
  assert.deepEqual(verdictReasons([scenario('f:1', 'passed', [])], [], runtime, development, { runFinished: unsuccessful, truncated: false }), [
    'the test runner reported the run as unsuccessful',
  ]);
});

test('long lists of failed scenarios are shortened', () => {
  const failed = Array.from({ length: 12 }, (_, i) => scenario(`f:${i + 1}`, 'failed', []));
  const [reason] = verdictReasons(failed, [], runtime, development, complete);
  assert.equal(reason, '12 scenario(s) failed: f:1, f:2, f:3, f:4, f:5, f:6, f:7, f:8, f:9, f:10 and 2 more');
});
