import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageLeaks } from './error-message.ts';

void test('plain explanations pass, including URLs and JSON pointers', () => {
  for (const message of [
    'no route matches GET /v1/nope',
    'the manifest at http://127.0.0.1:4100/models/cm-absent/manifest.json answered 404',
    'body/hidden/0 must be array',
    'layer 2 is outside 0..1 of model cm-tiny',
    'the bearer token is not the admin token and names no tenant',
  ]) {
    assert.deepEqual(messageLeaks(message, ['s3cr3t-token-value']), [], message);
  }
});

void test('stack traces, paths and credentials are reported', () => {
  assert.deepEqual(messageLeaks('TypeError: x\n    at parse (/srv/app/dist/main.js:10:4)', []), ['a stack trace or source position', 'a file-system path']);
  assert.deepEqual(messageLeaks('failed in loader.ts:42', []), ['a stack trace or source position']);
  assert.deepEqual(messageLeaks("ENOENT: open '/home/ci/models/x.bin'", []), ['a file-system path']);
  assert.deepEqual(messageLeaks('cannot read C:\\runtime\\models', []), ['a file-system path']);
  assert.deepEqual(messageLeaks('see file:///opt/x', []), ['a file-system path']);
  assert.deepEqual(messageLeaks('token s3cr3t-token-value is unknown', ['s3cr3t-token-value']), ['a credential']);
  assert.deepEqual(messageLeaks('failed under /build/checkout/reference', [], ['/build/checkout']), ['a path of the machine running the suite']);
});
