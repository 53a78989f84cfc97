import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { isMain, positive, runBenchCli } from './bench-cli.ts';

test('positive takes positive integers, falls back when absent, refuses the rest by name', () => {
  assert.equal(positive(undefined, 7, 'passes'), 7);
  assert.equal(positive('3', 7, 'passes'), 3);
  for (const bad of ['0', '-1', '1.5', 'x', '']) assert.throws(() => positive(bad, 7, 'passes'), /--passes must be a positive integer/);
});

test('isMain is true for the started script only', () => {
  assert.equal(isMain(pathToFileURL(process.argv[1]!).href), true);
  assert.equal(isMain(new URL('./not-the-script.ts', import.meta.url).href), false);
});

test('runBenchCli: a bad option sets exit status 2 without running; a failed run sets 1', async () => {
  const saved = process.exitCode;
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (value: unknown) => void errors.push(value);
  try {
    let ran = false;
    runBenchCli(() => { throw new Error('--d must be a positive integer'); }, () => { ran = true; return Promise.resolve(); });
    assert.deepEqual([process.exitCode, ran, errors], [2, false, ['--d must be a positive integer']]);
    process.exitCode = undefined;
    runBenchCli(() => 1, () => Promise.reject(new Error('boom')));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(process.exitCode, 1);
  } finally {
    console.error = original;
    process.exitCode = saved;
  }
});
