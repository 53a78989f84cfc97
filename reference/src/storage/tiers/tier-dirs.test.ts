import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { processAlive, sweepDeadTierDirs } from './tier-dirs.ts';

test('only directories of processes that are gone are swept; others and foreign names stay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tier-dirs-test-'));
  try {
    for (const name of ['default-111-1', 'm-222-3', `mine-${process.pid}-1`, 'notes', 'x-0-1']) mkdirSync(join(dir, name));
    const removed = sweepDeadTierDirs(dir, (pid) => pid === 222);
    assert.deepEqual(removed, ['default-111-1']);
    assert.deepEqual(readdirSync(dir).sort(), ['m-222-3', `mine-${process.pid}-1`, 'notes', 'x-0-1']);
    assert.deepEqual(sweepDeadTierDirs(join(dir, 'absent')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(existsSync(dir), false);
});

test('processAlive: this process is, a pid far above any limit is not', () => {
  assert.equal(processAlive(process.pid), true);
  assert.equal(processAlive(2 ** 30), false);
});
