import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { approveRequirements, describeChange } from './approve-requirements.ts';
import { specSource, withFixtureRepo } from './fixture-repo.ts';
import { REVIEWED_BANNER } from './reviewed-hashes.ts';
import { sha256Hex } from './spec-parser.ts';

const SPEC = specSource('SPEC-007', [
  ['REQ-007-001', 'Errors **MUST** carry a code.', 'endpoint'],
  ['REQ-007-002', 'Codes **SHOULD** be stable.', 'endpoint'],
]);
const FEATURE = `@SPEC-007
Feature: Errors

  @REQ-007-001
  Scenario Outline: coded <n>
    Given <n>

    Examples:
      | n |
      | 1 |

    Examples:
      | n |
      | 2 |
`;

function reviewedOf(text: string): Record<string, string> {
  return (JSON.parse(text) as { requirements: Record<string, string> }).requirements;
}

test('approving everything records every hash, sorted, with the banner', async () => {
  await withFixtureRepo({ 'specs/007-errors.md': SPEC, 'features/e.feature': FEATURE }, (repo) => {
    const result = approveRequirements(repo.root, []);
    assert.deepEqual(result.problems, []);
    assert.equal(result.written, true);
    assert.deepEqual(result.changes.map((c) => [c.requirement.id, c.previous]), [['REQ-007-001', undefined], ['REQ-007-002', undefined]]);
    const text = repo.read('specs/reviewed.json');
    assert.deepEqual(JSON.parse(text), {
      $comment: REVIEWED_BANNER,
      requirements: {
        'REQ-007-001': sha256Hex('Errors **MUST** carry a code.'),
        'REQ-007-002': sha256Hex('Codes **SHOULD** be stable.'),
      },
    });
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(readdirSync(path.join(repo.root, 'specs')).sort(), ['007-errors.md', 'reviewed.json'], 'no temp file left');

    const again = approveRequirements(repo.root, []);
    assert.deepEqual([again.written, again.changes.length], [false, 0]);
  });
});

test('approving named ids updates only those and lists the scenarios to re-review', async () => {
  await withFixtureRepo({ 'specs/007-errors.md': SPEC, 'features/e.feature': FEATURE }, (repo) => {
    approveRequirements(repo.root, []);
    const before = reviewedOf(repo.read('specs/reviewed.json'));
    repo.write(
      'specs/007-errors.md',
      SPEC.replace('carry a code.', 'carry a registered code.').replace('be stable.', 'never change.'),
    );
    const result = approveRequirements(repo.root, ['REQ-007-001']);
    assert.deepEqual(result.problems, []);
    assert.equal(result.changes.length, 1);
    const change = result.changes[0];
    assert.ok(change !== undefined);
    assert.equal(change.previous, before['REQ-007-001']);
    assert.equal(change.current, sha256Hex('Errors **MUST** carry a registered code.'));
    // Two Examples blocks of one outline are one scenario to re-review.
    assert.deepEqual(change.scenarios.map((c) => `${c.file}:${c.scenarioLine}`), ['features/e.feature:5']);
    const after = reviewedOf(repo.read('specs/reviewed.json'));
    assert.equal(after['REQ-007-001'], change.current);
    assert.equal(after['REQ-007-002'], before['REQ-007-002'], 'unnamed requirement keeps its reviewed hash');

    const lines = describeChange(change);
    assert.deepEqual(lines.slice(1, 3), [`  reviewed hash: ${before['REQ-007-001']}`, `  current hash:  ${change.current}`]);
    assert.equal(lines.at(-1), '    features/e.feature:5 Scenario Outline: coded <n>');
  });
});

test('refuses unknown ids and specs with parse problems without writing', async () => {
  await withFixtureRepo({ 'specs/007-errors.md': SPEC }, (repo) => {
    const unknown = approveRequirements(repo.root, ['REQ-007-009']);
    assert.deepEqual(unknown.problems.map((p) => p.code), ['approve.unknown-id']);
    assert.equal(unknown.written, false);

    repo.write('specs/007-errors.md', SPEC.replace('Verification: endpoint', 'Verification: maybe'));
    const broken = approveRequirements(repo.root, []);
    assert.deepEqual(broken.problems.map((p) => p.code), ['spec.verification-invalid']);
    assert.deepEqual(readdirSync(path.join(repo.root, 'specs')), ['007-errors.md']);
  });
});

test('approving everything drops ids that no spec defines', async () => {
  await withFixtureRepo({ 'specs/007-errors.md': SPEC }, (repo) => {
    approveRequirements(repo.root, []);
    const reviewed = JSON.parse(repo.read('specs/reviewed.json')) as { requirements: Record<string, string> };
    reviewed.requirements['REQ-007-099'] = 'a'.repeat(64);
    repo.write('specs/reviewed.json', JSON.stringify(reviewed));
    const result = approveRequirements(repo.root, []);
    assert.deepEqual(result.dropped, ['REQ-007-099']);
    assert.deepEqual(Object.keys(reviewedOf(repo.read('specs/reviewed.json'))), ['REQ-007-001', 'REQ-007-002']);
  });
});

test('refuses to overwrite an unreadable reviewed.json', async () => {
  await withFixtureRepo({ 'specs/007-errors.md': SPEC, 'specs/reviewed.json': '{ not json' }, (repo) => {
    const result = approveRequirements(repo.root, []);
    assert.deepEqual(result.problems.map((p) => p.code), ['reviewed.invalid']);
    assert.equal(repo.read('specs/reviewed.json'), '{ not json');
  });
});
