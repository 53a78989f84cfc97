import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approveRequirements } from './approve-requirements.ts';
import { specSource, withFixtureRepo, type FixtureRepo } from './fixture-repo.ts';
import { lintSpecs } from './specs-lint-run.ts';
import { writeRequirementsIndex } from './requirements-index.ts';

// Heading lines in specSource: 15, 20, 25, 30, 35.
const SPEC_003 = specSource('SPEC-003', [
  ['REQ-003-001', 'Routing **MUST** order by score.', 'endpoint'],
  ['REQ-003-002', 'Source **MUST** be memory safe.', 'attestation'],
  ['REQ-003-003', 'Caches **SHOULD** be warm.', 'endpoint'],
  ['REQ-003-004 (retired)', 'Old rule **MUST** hold.', 'endpoint'],
  ['REQ-003-005', 'Runtime **MUST NOT** leak.', 'endpoint'],
]);

const COVERING = `@SPEC-003
Feature: Routing

  @REQ-003-001
  Scenario: ordered
    Given a model

  @REQ-003-005 @capability:route
  Scenario: no leak
    Given a model
`;

function clean(): Record<string, string> {
  return { 'specs/003-routing.md': SPEC_003, 'features/core/routing.feature': COVERING };
}

/** Brings index and reviewed hashes up to date, as an author would before committing. */
function settle(repo: FixtureRepo): void {
  assert.equal(writeRequirementsIndex(repo.root).problems.length, 0);
  assert.equal(approveRequirements(repo.root, []).problems.length, 0);
}

function found(repo: FixtureRepo): string[] {
  return lintSpecs(repo.root).problems.map((p) => `${p.file}:${p.line} ${p.code}`);
}

test('a consistent corpus has no problems and a summary by level', async () => {
  await withFixtureRepo(clean(), (repo) => {
    settle(repo);
    const result = lintSpecs(repo.root);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.attested.map((r) => r.id), ['REQ-003-002']);
    assert.equal(
      result.summary,
      'specs: 1, requirements: 5 (MUST 2, MUST NOT 1, SHOULD 1, SHOULD NOT 0, MAY 0; retired 1; attestation MUST 1), ' +
        'feature files: 1, scenarios: 2, problems: 0',
    );
  });
});

test('reports spec parse problems and skips the index check while they exist', async () => {
  await withFixtureRepo(clean(), (repo) => {
    settle(repo);
    repo.write('specs/003-routing.md', SPEC_003.replace('Caches **SHOULD** be warm.', 'Caches be warm.'));
    assert.deepEqual(found(repo), ['specs/003-routing.md:25 reviewed.changed', 'specs/003-routing.md:25 spec.keyword-count']);
  });
});

test('an endpoint MUST or MUST NOT without a scenario is uncovered; attestation, SHOULD and retired are not', async () => {
  await withFixtureRepo(clean(), (repo) => {
    settle(repo);
    repo.write('features/core/routing.feature', '@SPEC-003\nFeature: Routing\n\n  Scenario: untagged\n    Given a model\n');
    assert.deepEqual(found(repo), ['specs/003-routing.md:15 spec.requirement-uncovered', 'specs/003-routing.md:35 spec.requirement-uncovered']);
  });
});

test('reports tags naming unknown, retired or malformed requirements and specs', async () => {
  await withFixtureRepo(clean(), (repo) => {
    settle(repo);
    repo.write(
      'features/core/extra.feature',
      '@SPEC-003\nFeature: Extra\n\n  @REQ-003-099 @REQ-003-004 @SPEC-009 @REQ-3-1 @capability:Route\n  Scenario: x\n    Given y\n',
    );
    assert.deepEqual(found(repo), [
      'features/core/extra.feature:4 feature.tag-malformed',
      'features/core/extra.feature:4 feature.tag-malformed',
      'features/core/extra.feature:4 feature.tag-retired-requirement',
      'features/core/extra.feature:4 feature.tag-unknown-requirement',
      'features/core/extra.feature:4 feature.tag-unknown-spec',
    ]);
  });
});

test('a @REQ tag needs its @SPEC tag on the scenario, its Rule, its Feature or its Examples', async () => {
  const feature = `Feature: Pairs

  @REQ-003-001
  Scenario: missing spec tag
    Given y

  @REQ-003-005
  Scenario Outline: examples <a>
    Given <a>

    @SPEC-003
    Examples:
      | a |
      | 1 |

    Examples:
      | a |
      | 2 |

  @SPEC-003
  Rule: tagged rule
    @REQ-003-001
    Scenario: inherits from rule
      Given y
`;
  await withFixtureRepo({ ...clean(), 'features/core/pairs.feature': feature }, (repo) => {
    settle(repo);
    assert.deepEqual(found(repo), ['features/core/pairs.feature:4 feature.tag-spec-missing', 'features/core/pairs.feature:16 feature.tag-spec-missing']);
  });
});

test('reports a missing reviewed.json once', async () => {
  await withFixtureRepo(clean(), (repo) => {
    writeRequirementsIndex(repo.root);
    assert.deepEqual(found(repo), ['specs/reviewed.json:1 reviewed.missing']);
  });
});

test('reports changed, unreviewed and unknown reviewed hashes', async () => {
  await withFixtureRepo(clean(), (repo) => {
    settle(repo);
    const reviewed = JSON.parse(repo.read('specs/reviewed.json')) as { requirements: Record<string, string> };
    reviewed.requirements['REQ-003-001'] = '0'.repeat(64);
    delete reviewed.requirements['REQ-003-003'];
    reviewed.requirements['REQ-003-077'] = '1'.repeat(64);
    repo.write('specs/reviewed.json', JSON.stringify(reviewed, null, 2));
    const problems = lintSpecs(repo.root).problems;
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line} ${p.code}`),
      ['specs/003-routing.md:15 reviewed.changed', 'specs/003-routing.md:25 reviewed.unreviewed', 'specs/reviewed.json:8 reviewed.unknown'],
    );
    assert.match(problems[0]?.message ?? '', /reviewed 000000000000, now [0-9a-f]{12}\): .*npm run specs:approve -- REQ-003-001/);
  });
});

test('reports a missing or stale requirements.json', async () => {
  await withFixtureRepo(clean(), (repo) => {
    settle(repo);
    repo.write('specs/requirements.json', repo.read('specs/requirements.json').replace('order by score', 'order'));
    assert.deepEqual(found(repo), ['specs/requirements.json:1 index.stale']);
    repo.remove();
  });
  await withFixtureRepo(clean(), (repo) => {
    approveRequirements(repo.root, []);
    const problems = lintSpecs(repo.root).problems;
    assert.deepEqual(problems.map((p) => p.code), ['index.stale']);
    assert.match(problems[0]?.message ?? '', /is missing: run npm run specs:index/);
  });
});

test('reports feature files that Gherkin cannot parse', async () => {
  await withFixtureRepo({ ...clean(), 'features/core/broken.feature': 'Feature: B\n  Scenario: S\n    Given x\n  oops\n' }, (repo) => {
    settle(repo);
    assert.deepEqual(found(repo), ['features/core/broken.feature:4 feature.parse']);
  });
});

test('reports two spec files claiming the same id', async () => {
  await withFixtureRepo({ ...clean(), 'specs/003-copy.md': specSource('SPEC-003', []) }, (repo) => {
    assert.ok(found(repo).includes('specs/003-routing.md:1 spec.id-duplicate'));
  });
});
