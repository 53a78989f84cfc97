import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { defaultRepoRoot } from './repo-files.ts';
import { specSource, withFixtureRepo } from './fixture-repo.ts';
import { REQUIREMENTS_INDEX_BANNER, writeRequirementsIndex, type RequirementsIndex } from './requirements-index.ts';
import { sha256Hex } from './spec-parser.ts';

const SPECS = {
  // Written out of order to show that the index is sorted by id, not by file.
  'specs/010-numeric.md': specSource('SPEC-010', [['REQ-010-002', 'Mix **MUST** be exact.', 'endpoint']], ['core']),
  'specs/004-tiers.md': specSource(
    'SPEC-004',
    [
      ['REQ-004-002 (retired)', 'Ids **MAY** repeat.', 'attestation'],
      ['REQ-004-001', 'Ids **MUST NOT** repeat.', 'endpoint'],
    ],
    ['core', 'storage'],
  ),
};

test('writes a sorted, schema-valid index with banner, profiles and hashes', async () => {
  await withFixtureRepo(SPECS, (repo) => {
    const run = writeRequirementsIndex(repo.root);
    assert.deepEqual([run.problems, run.written, run.requirementCount], [[], true, 3]);
    const text = repo.read('specs/requirements.json');
    const index = JSON.parse(text) as RequirementsIndex;
    assert.equal(index.$comment, REQUIREMENTS_INDEX_BANNER);
    assert.equal(index.$schema, '../schemas/specs/requirements.schema.json');
    assert.deepEqual(Object.keys(index), ['$schema', '$comment', 'specs', 'requirements']);
    assert.deepEqual(index.specs.map((s) => s.id), ['SPEC-004', 'SPEC-010']);
    assert.deepEqual(index.requirements.map((r) => r.id), ['REQ-004-001', 'REQ-004-002', 'REQ-010-002']);
    assert.deepEqual(index.requirements[1], {
      id: 'REQ-004-002',
      spec: 'SPEC-004',
      level: 'MAY',
      text: 'Ids **MAY** repeat.',
      sha256: sha256Hex('Ids **MAY** repeat.'),
      verification: 'attestation',
      profiles: ['core', 'storage'],
      retired: true,
    });
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));

    const schemaFile = path.join(defaultRepoRoot, 'schemas/specs/requirements.schema.json');
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    assert.equal(validate(index), true, JSON.stringify(validate.errors));
  });
});

test('regenerating unchanged specs gives identical bytes and does not rewrite', async () => {
  await withFixtureRepo(SPECS, (repo) => {
    writeRequirementsIndex(repo.root);
    const first = repo.read('specs/requirements.json');
    const second = writeRequirementsIndex(repo.root);
    assert.equal(second.written, false);
    assert.equal(repo.read('specs/requirements.json'), first);
    assert.deepEqual(readdirSync(path.join(repo.root, 'specs')).sort(), ['004-tiers.md', '010-numeric.md', 'requirements.json']);
  });
});

test('refuses to write while a spec has problems', async () => {
  await withFixtureRepo({ 'specs/004-tiers.md': specSource('SPEC-005', []) }, (repo) => {
    const run = writeRequirementsIndex(repo.root);
    assert.deepEqual(run.problems.map((p) => p.code), ['spec.id-mismatch']);
    assert.equal(run.written, false);
    assert.deepEqual(readdirSync(path.join(repo.root, 'specs')), ['004-tiers.md']);
  });
});
