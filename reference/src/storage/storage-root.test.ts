import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StorageRoot } from './storage-root.ts';

test('a temporary root is made on first use and removed at dispose', () => {
  const root = new StorageRoot();
  assert.equal(root.temporary, true);
  const dir = root.path;
  assert.equal(existsSync(dir), true);
  assert.equal(root.path, dir, 'the same directory on every use');
  root.dispose();
  assert.equal(existsSync(dir), false);
});

test('a named root is created when absent and kept at dispose', () => {
  const parent = mkdtempSync(join(tmpdir(), 'storage-root-test-'));
  try {
    const named = join(parent, 'a', 'b');
    const root = new StorageRoot(named);
    assert.equal(existsSync(named), false, 'nothing is created before first use');
    assert.equal(root.resolve('x'), join(named, 'x'));
    assert.equal(existsSync(named), true);
    root.dispose();
    assert.equal(existsSync(named), true);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
