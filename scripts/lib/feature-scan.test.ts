import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scanFeatures } from './feature-scan.ts';

function withFeatures(files: Record<string, string>, run: (root: string) => void): void {
  const root = mkdtempSync(path.join(tmpdir(), 'feature-scan-'));
  try {
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), content);
    }
    run(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const INHERITING = `@SPEC-003
Feature: Routing

  @REQ-003-001
  Scenario: plain
    Given a model

  Rule: ties
    @REQ-003-002
    Scenario: in a rule
      Given a model

  @REQ-003-003
  Scenario Outline: outline <m>
    Given model <m>

    @capability:route
    Examples:
      | m |
      | a |

    Examples:
      | m |
      | b |
`;

test('applies Feature, Rule, Scenario and Examples tag inheritance', () => {
  withFeatures({ 'features/core/routing.feature': INHERITING }, (root) => {
    const scan = scanFeatures(root);
    assert.deepEqual(scan.problems, []);
    assert.deepEqual(scan.files, ['features/core/routing.feature']);
    assert.equal(scan.scenarioCount, 3);
    assert.deepEqual(
      scan.cases.map((c) => [c.line, c.name, c.tags]),
      [
        [5, 'plain', ['@REQ-003-001', '@SPEC-003']],
        [10, 'in a rule', ['@REQ-003-002', '@SPEC-003']],
        [18, 'outline <m>', ['@REQ-003-003', '@SPEC-003', '@capability:route']],
        [22, 'outline <m>', ['@REQ-003-003', '@SPEC-003']],
      ],
    );
    assert.deepEqual(
      scan.tagUses.map((t) => `${t.line}${t.name}`),
      ['1@SPEC-003', '4@REQ-003-001', '9@REQ-003-002', '13@REQ-003-003', '17@capability:route'],
    );
  });
});

test('accepts tags on a Rule and passes them to its scenarios', () => {
  const src = '@SPEC-003\nFeature: F\n\n  @REQ-003-001\n  Rule: R\n    Scenario: S\n      Given x\n';
  withFeatures({ 'features/a.feature': src }, (root) => {
    const scan = scanFeatures(root);
    assert.deepEqual(scan.cases[0]?.tags, ['@REQ-003-001', '@SPEC-003']);
  });
});

test('reports every Gherkin parse error with its line and keeps scanning other files', () => {
  const broken = 'Feature: F\n  Scenario: S\n    Given x\n  not a step\n  Examples:\n    | a |\n    | b | c |\n';
  const fine = 'Feature: G\n  Scenario: T\n    Given y\n';
  withFeatures({ 'features/a.feature': broken, 'features/b.feature': fine }, (root) => {
    const scan = scanFeatures(root);
    // Line 4: text where a step was expected; line 7: a table row with the wrong cell count.
    assert.deepEqual(
      scan.problems.map((p) => [p.file, p.line, p.code]),
      [
        ['features/a.feature', 4, 'feature.parse'],
        ['features/a.feature', 7, 'feature.parse'],
      ],
    );
    assert.ok(!scan.problems[0]?.message.startsWith('('), 'location prefix is not repeated in the message');
    assert.equal(scan.cases.length, 1);
    assert.equal(scan.cases[0]?.file, 'features/b.feature');
  });
});

test('a corpus without a features directory has no cases', () => {
  withFeatures({}, (root) => {
    const scan = scanFeatures(root);
    assert.deepEqual([scan.files, scan.cases, scan.problems], [[], [], []]);
  });
});
