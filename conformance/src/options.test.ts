import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunSetupError } from './errors.ts';
import { parseCli } from './options.ts';

void test('no arguments: embedded reference, core profile, defaults', () => {
  const parsed = parseCli([], {});
  assert.notEqual(parsed, 'help');
  if (parsed === 'help') return;
  assert.equal(parsed.endpoint, null);
  assert.equal(parsed.profile, 'core');
  assert.equal(parsed.tags, null);
  assert.equal(parsed.fixtureHost, '127.0.0.1');
  assert.deepEqual(parsed.faults, []);
  assert.equal(parsed.requestTimeoutMs, 15_000);
  assert.equal(parsed.certification, false);
});

void test('endpoint, tags, report dir and the admin token from the environment', () => {
  const parsed = parseCli(['--endpoint', 'http://127.0.0.1:9/', '--tags', '@SPEC-003', '--report-dir', '/tmp/r'], { LITELLM_ADMIN_TOKEN: 'tok' });
  assert.ok(parsed !== 'help');
  assert.equal(parsed.endpoint, 'http://127.0.0.1:9/');
  assert.equal(parsed.tags, '@SPEC-003');
  assert.equal(parsed.reportDir, '/tmp/r');
  assert.equal(parsed.adminToken, 'tok');
});

void test('the --admin-token flag wins over the environment', () => {
  const parsed = parseCli(['--endpoint', 'http://x:1', '--admin-token', 'flag'], { LITELLM_ADMIN_TOKEN: 'env' });
  assert.ok(parsed !== 'help');
  assert.equal(parsed.adminToken, 'flag');
});

void test('--help', () => {
  assert.equal(parseCli(['--help'], {}), 'help');
});

void test('bad options are refused with a harness code', () => {
  const refuses = (argv: string[], code: string): void => {
    assert.throws(() => parseCli(argv, {}), (e: unknown) => e instanceof RunSetupError && e.code === code, argv.join(' '));
  };
  refuses(['--endpoint', 'not a url'], 'H_OPTION_INVALID');
  refuses(['--endpoint', 'ftp://host/'], 'H_OPTION_INVALID');
  refuses(['--production-endpoint', 'nope'], 'H_OPTION_INVALID');
  refuses(['--endpoint', 'http://h:1', '--fault', 'routing.tiebreak'], 'H_OPTION_INVALID');
  refuses(['--timeout', '5'], 'H_OPTION_INVALID');
  refuses(['--timeout', 'abc'], 'H_OPTION_INVALID');
  assert.throws(() => parseCli(['--no-such-flag'], {}), (e: unknown) => (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
});
