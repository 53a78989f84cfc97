import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withFixtureRepo } from './fixture-repo.ts';
import { findUnitTestFiles, nodeTestArgs } from './unit-test-files.ts';

const FILES = {
  'scripts/lib/b.test.ts': '',
  'scripts/a.test.ts': '',
  'conformance/src/oracle/prng.test.ts': '',
  'conformance/node_modules/dep/x.test.ts': '',
  'reference/src/x.ts': '',
  'reports/src/render.test.ts': '',
  'native/kernel.test.ts': '',
  'scripts/lib/helper.test.tsx': '',
};

test('finds *.test.ts under the unit-test roots, sorted, skipping node_modules and other folders', async () => {
  await withFixtureRepo(FILES, (repo) => {
    assert.deepEqual(findUnitTestFiles(repo.root), [
      'conformance/src/oracle/prng.test.ts',
      'reports/src/render.test.ts',
      'scripts/a.test.ts',
      'scripts/lib/b.test.ts',
    ]);
  });
});

test('a path filter keeps only matching paths', async () => {
  await withFixtureRepo(FILES, (repo) => {
    assert.deepEqual(findUnitTestFiles(repo.root, './scripts/lib'), ['scripts/lib/b.test.ts']);
    assert.deepEqual(findUnitTestFiles(repo.root, 'oracle'), ['conformance/src/oracle/prng.test.ts']);
    assert.deepEqual(findUnitTestFiles(repo.root, 'nothing-matches'), []);
  });
});

test('runs node with tsx and the built-in test runner at concurrency 2', () => {
  assert.deepEqual(nodeTestArgs(['a.test.ts', 'b.test.ts']), ['--import', 'tsx', '--test', '--test-concurrency=2', 'a.test.ts', 'b.test.ts']);
});
