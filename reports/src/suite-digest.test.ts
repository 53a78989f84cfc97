import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { suiteDigest, suiteFileDigests } from './suite-digest.ts';
import { makeTempDir } from './test-support/temp-dir.ts';

const FILES: Record<string, string> = {
  'specs/003-deterministic-routing.md': '# SPEC-003\n',
  'specs/requirements.json': '[]\n',
  'features/core/routing.feature': 'Feature: Routing\n',
  'schemas/report/report.schema.json': '{}\n',
  'schemas/generated/report.ts': '// generated\n',
  'conformance/src/cli.ts': 'export {};\n',
  'conformance/src/steps/a b.ts': 'export {};\n',
  'conformance/package.json': '{"name":"outside the digest roots"}\n',
  'reference/src/main.ts': 'export {};\n',
};

async function makeTree(order: readonly string[]): Promise<string> {
  const root = await makeTempDir('suite-digest');
  for (const path of order) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), FILES[path] ?? '');
  }
  return root;
}

const paths = Object.keys(FILES);

test('lists every file under the digest roots, sorted, and nothing else', async () => {
  const root = await makeTree(paths);
  assert.deepEqual(suiteFileDigests(root).map((f) => f.path), [
    'conformance/src/cli.ts',
    'conformance/src/steps/a b.ts',
    'features/core/routing.feature',
    'schemas/generated/report.ts',
    'schemas/report/report.schema.json',
    'specs/003-deterministic-routing.md',
    'specs/requirements.json',
  ]);
});

test('is deterministic and independent of the order files were created in', async () => {
  const first = await makeTree(paths);
  const second = await makeTree([...paths].reverse());
  const digest = suiteDigest(first);
  assert.match(digest, /^[0-9a-f]{64}$/);
  assert.equal(suiteDigest(first), digest);
  assert.equal(suiteDigest(second), digest);
});

test('changes when one byte of one file changes, and when a file is renamed', async () => {
  const root = await makeTree(paths);
  const before = suiteDigest(root);
  const target = join(root, 'features/core/routing.feature');
  const bytes = await readFile(target);
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  await writeFile(target, bytes);
  const changed = suiteDigest(root);
  assert.notEqual(changed, before);
  await rename(target, join(root, 'features/core/routing2.feature'));
  assert.notEqual(suiteDigest(root), changed);
});

test('ignores files outside the digest roots and tolerates missing roots', async () => {
  const root = await makeTree(paths);
  const before = suiteDigest(root);
  await writeFile(join(root, 'reference/src/main.ts'), 'changed\n');
  await writeFile(join(root, 'conformance/package.json'), 'changed\n');
  assert.equal(suiteDigest(root), before);
  const empty = await makeTempDir('suite-digest-empty');
  // SHA-256 of the empty listing.
  assert.equal(suiteDigest(empty), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('agrees with the documented shell pipeline', async (t) => {
  const root = await makeTree(paths);
  let shell: string;
  try {
    shell = execFileSync(
      'sh',
      ['-c', 'find specs features schemas conformance/src -type f | LC_ALL=C sort | tr "\\n" "\\0" | xargs -0 sha256sum | sha256sum'],
      { cwd: root, encoding: 'utf8' },
    );
  } catch {
    t.skip('find/sort/sha256sum are not available');
    return;
  }
  assert.equal(shell.split(' ')[0], suiteDigest(root));
});
