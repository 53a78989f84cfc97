import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTempName, tempPathFor, writeFileAtomic, writeFileAtomicSync } from './atomic-file.ts';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'atomic-file-test-'));
}

test('writeFileAtomic replaces the target and leaves no temporary file', async () => {
  const dir = scratch();
  try {
    const target = join(dir, 'a.bin');
    await writeFileAtomic(target, Uint8Array.of(1, 2, 3));
    await writeFileAtomic(target, Uint8Array.of(9));
    assert.deepEqual([...readFileSync(target)], [9]);
    assert.deepEqual(readdirSync(dir), ['a.bin']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomicSync writes large buffers whole', () => {
  const dir = scratch();
  try {
    const target = join(dir, 'big.bin');
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
    writeFileAtomicSync(target, bytes);
    assert.deepEqual(readFileSync(target), Buffer.from(bytes));
    assert.deepEqual(readdirSync(dir), ['big.bin']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed write removes its temporary file and leaves the target as it was', async () => {
  const dir = scratch();
  try {
    const target = join(dir, 'missing-dir', 'x.bin');
    await assert.rejects(writeFileAtomic(target, Uint8Array.of(1)), { code: 'ENOENT' });
    assert.throws(() => writeFileAtomicSync(target, Uint8Array.of(1)), { code: 'ENOENT' });
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('temporary names are recognisable and unique', () => {
  const a = tempPathFor('/x/y.bin');
  const b = tempPathFor('/x/y.bin');
  assert.notEqual(a, b);
  assert.equal(isTempName(a.slice(3)), true);
  assert.equal(isTempName('y.bin'), false);
});
