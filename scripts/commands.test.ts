// The command-line entry points, run as `npm run` runs them, against fixture repositories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { specSource, withFixtureRepo } from './lib/fixture-repo.ts';

const scriptsDir = path.dirname(fileURLToPath(import.meta.url));

function run(script: string, root: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(scriptsDir, script), '--root', root, ...args], {
    cwd: path.dirname(scriptsDir),
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SPEC = specSource('SPEC-002', [
  ['REQ-002-001', 'Stages **MUST** run in order.', 'endpoint'],
  ['REQ-002-002', 'Code **MUST** be audited.', 'attestation'],
]);
const FEATURE = '@SPEC-002\nFeature: Lifecycle\n\n  @REQ-002-001\n  Scenario: ordered stages\n    Given a request\n';
const SCHEMA = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://lite-llm.dev/schemas/specs/requirements.schema.json',
  type: 'object',
});

test('index, approve, lint and gen:check agree on a settled corpus', async () => {
  await withFixtureRepo({ 'specs/002-lifecycle.md': SPEC, 'features/core/lifecycle.feature': FEATURE, 'schemas/specs/requirements.schema.json': SCHEMA }, (repo) => {
    const lintBefore = run('specs-lint.ts', repo.root);
    assert.equal(lintBefore.code, 1);
    assert.match(lintBefore.stdout, /^specs\/requirements\.json:1: specs\/requirements\.json is missing: run npm run specs:index \[index\.stale\]$/m);
    assert.match(lintBefore.stdout, /^specs\/reviewed\.json:1: .* \[reviewed\.missing\]$/m);

    assert.equal(run('specs-index.ts', repo.root).code, 0);
    const approve = run('specs-approve.ts', repo.root);
    assert.equal(approve.code, 0);
    assert.match(approve.stdout, /REQ-002-001 \(specs\/002-lifecycle\.md:15\)\n {2}reviewed hash: \(none\)\n {2}current hash: {2}[0-9a-f]{64}\n/);
    assert.match(approve.stdout, / {4}features\/core\/lifecycle\.feature:5 Scenario: ordered stages/);

    const lint = run('specs-lint.ts', repo.root, '--verbose');
    assert.equal(lint.code, 0, lint.stdout);
    assert.match(lint.stdout, /specs\/002-lifecycle\.md:20: note: REQ-002-002 \(MUST\) is verified by attestation/);
    assert.match(lint.stdout, /^specs: 1, requirements: 2 \(MUST 2, .*problems: 0$/m);

    assert.equal(run('gen-types.ts', repo.root).code, 0);
    const check = run('gen-check.ts', repo.root);
    assert.equal(check.code, 0, check.stdout);
    repo.write('schemas/generated/index.ts', '// stale\n');
    const drift = run('gen-check.ts', repo.root);
    assert.equal(drift.code, 1);
    assert.match(drift.stdout, /^schemas\/generated\/index\.ts: differs$/m);
    assert.match(drift.stdout, /run npm run gen/);
  });
});

test('specs:index and specs:approve refuse to write while a spec has problems', async () => {
  await withFixtureRepo({ 'specs/002-lifecycle.md': SPEC.replace('**MUST** run', 'run') }, (repo) => {
    const index = run('specs-index.ts', repo.root);
    assert.equal(index.code, 1);
    assert.match(index.stderr, /^specs\/002-lifecycle\.md:15: REQ-002-001 must contain exactly one bold keyword \(found none\) \[spec\.keyword-count\]$/m);
    const approve = run('specs-approve.ts', repo.root, 'REQ-002-009');
    assert.equal(approve.code, 1);
    assert.match(approve.stderr, /REQ-002-009 is not defined by any spec/);
  });
});

test('schemas:check exits 1 with file and ajv message on a strict-mode violation', async () => {
  const bad = SCHEMA.replace('"type":"object"', '"type":"object","propertys":{}');
  await withFixtureRepo({ 'schemas/specs/requirements.schema.json': bad }, (repo) => {
    const result = run('schemas-check.ts', repo.root);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^schemas\/specs\/requirements\.schema\.json:1: strict mode: unknown keyword: "propertys" \[schema\.compile\]$/m);
  });
});
