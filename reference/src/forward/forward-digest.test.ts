import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestOfDigests, logitsDigest } from './forward-digest.ts';

test('forward digests reproduce the informative vectors of SPEC-010 §4.11', () => {
  const token = logitsDigest(Float32Array.from([9, 1, -0.5, 0.25, 9]), 1, 3);
  assert.equal(token.toString('hex'), 'fc7d7c08d2817c068dbc66e118343a8d54f610d175f3bf6e9068e3a1a4cc3ee6');
  const sequence = digestOfDigests([token, token]);
  assert.equal(sequence.toString('hex'), 'afff98cfd09148c7ac2d856c051997a509a6e23f6a3ec1b4b3f335a07609e15e');
  assert.equal(digestOfDigests([sequence]).toString('hex'), '54dd1ef929c54b8d0fd15f8f25b776a5bafeabca79e08a10747fe92802f2fe1b');
});
