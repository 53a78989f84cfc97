import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCatalogue, loadCatalogue, loadRequirements, tagExpressionFor } from './catalogue.ts';

void test('the committed catalogue is schema-valid and names only live requirements', () => {
  const problems = checkCatalogue(loadCatalogue(), loadRequirements());
  assert.deepEqual(problems.unknown, []);
  assert.deepEqual(problems.duplicates, []);
});

void test('every endpoint MUST of the corpus is targeted by at least one mutant', () => {
  assert.deepEqual(checkCatalogue(loadCatalogue(), loadRequirements()).uncovered, []);
});

void test('checkCatalogue reports unknown, retired, duplicate and uncovered entries', () => {
  const requirements = [
    { id: 'REQ-001-001', level: 'MUST', verification: 'endpoint' },
    { id: 'REQ-001-002', level: 'MUST NOT', verification: 'endpoint' },
    { id: 'REQ-001-003', level: 'SHOULD', verification: 'endpoint' },
    { id: 'REQ-001-004', level: 'MUST', verification: 'attestation' },
    { id: 'REQ-001-005', level: 'MUST', verification: 'endpoint', retired: true },
  ];
  const problems = checkCatalogue(
    [
      { fault: 'a.b', kills: ['REQ-001-001', 'REQ-009-009'], effect: 'x' },
      { fault: 'a.b', kills: ['REQ-001-005'], effect: 'y' },
    ],
    requirements,
  );
  assert.deepEqual(problems.unknown, ['a.b → REQ-009-009', 'a.b → REQ-001-005']);
  assert.deepEqual(problems.duplicates, ['a.b']);
  assert.deepEqual(problems.uncovered, ['REQ-001-002']);
});

void test('tag expression selects the scenarios of every listed requirement', () => {
  assert.equal(tagExpressionFor(['REQ-003-004', 'REQ-010-001']), '@REQ-003-004 or @REQ-010-001');
});
