import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequirements } from './requirements-index.ts';

test('accepts a bare array or an object holding a requirements array, sorted by id', () => {
  const entry = { id: 'REQ-003-002', spec: 'SPEC-003', level: 'MUST', profiles: ['core'] };
  const other = { id: 'REQ-003-001', spec: 'SPEC-003', level: 'MAY', profiles: ['core'] };
  const expected = [
    { id: 'REQ-003-001', spec: 'SPEC-003', level: 'MAY', profiles: ['core'], verification: null, retired: false },
    { id: 'REQ-003-002', spec: 'SPEC-003', level: 'MUST', profiles: ['core'], verification: null, retired: false },
  ];
  assert.deepEqual(parseRequirements([entry, other]), expected);
  assert.deepEqual(parseRequirements({ version: 1, generatedFrom: 'specs', requirements: [entry, other] }), expected);
});

test('fills what a generator may leave out and normalises what it may spell differently', () => {
  const [entry] = parseRequirements([{ id: 'REQ-010-004', level: 'must not', extra: { anything: true } }]);
  assert.deepEqual(entry, { id: 'REQ-010-004', spec: 'SPEC-010', level: 'MUST', profiles: ['core'], verification: null, retired: false });
  const [single] = parseRequirements([{ id: 'REQ-047-001', spec: 47, level: 'SHOULD', profile: 'streaming', verification: 'attestation' }]);
  assert.deepEqual(single, { id: 'REQ-047-001', spec: 'SPEC-047', level: 'SHOULD', profiles: ['streaming'], verification: 'attestation', retired: false });
});

test('recognises retirement as a flag, a dated note or a status', () => {
  const retired = parseRequirements([
    { id: 'REQ-001-001', level: 'MUST', retired: true },
    { id: 'REQ-001-002', level: 'MUST', retired: '2025-01-01: merged into REQ-001-003' },
    { id: 'REQ-001-003', level: 'MUST', status: 'retired' },
    { id: 'REQ-001-004', level: 'MUST', retired: false },
    { id: 'REQ-001-005', level: 'MUST', retired: null },
  ]).map((r) => r.retired);
  assert.deepEqual(retired, [true, true, true, false, false]);
});

test('reports every unusable entry at once with a stable code', () => {
  assert.throws(
    () => parseRequirements([
      'REQ-001-001',
      { id: 'REQ-1-1', level: 'MUST' },
      { id: 'REQ-001-002', level: 'WILL' },
      { id: 'REQ-001-003', level: 'MUST', spec: 'routing' },
      { id: 'REQ-001-004', level: 'MUST', profiles: [3] },
      { id: 'REQ-001-005', level: 'MUST' },
      { id: 'REQ-001-005', level: 'MUST' },
    ]),
    (error: unknown) => {
      const { code, problems } = error as { code: string; problems: string[] };
      assert.equal(code, 'H_REPORT_INPUT_INVALID');
      assert.deepEqual(problems, [
        'requirements[0]: not an object',
        'requirements[1]: id "REQ-1-1" is not REQ-NNN-MMM',
        'REQ-001-002: level "WILL" is not an RFC 2119 keyword',
        'REQ-001-003: spec "routing" is not SPEC-NNN',
        'REQ-001-004: profiles must be a name or a list of names',
        'REQ-001-005: listed more than once',
      ]);
      return true;
    },
  );
  assert.throws(() => parseRequirements({ items: [] }), { code: 'H_REPORT_INPUT_INVALID' });
});
