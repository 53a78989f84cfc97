import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { hasOracleCode } from './errors.ts';
import { GATE_TOLERANCE, gatesClose, routeDigest, sha256Hex, tokenDigest } from './digest.ts';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

void test('token digest hashes u32 LE id then f64 LE gate per expert, in order', () => {
  assert.equal(tokenDigest([]), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  const bytes = Uint8Array.from([
    0x3d, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x3f, // id 61, gate 0.5
    0x07, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd0, 0x3f, // id 263, gate 0.25
  ]);
  assert.equal(tokenDigest([{ id: 61, gate: 0.5 }, { id: 263, gate: 0.25 }]), sha(bytes));
  assert.notEqual(tokenDigest([{ id: 263, gate: 0.25 }, { id: 61, gate: 0.5 }]), sha(bytes));
});

void test('route digest hashes the raw 32-byte token digests in token order', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 5 }), (raw) => {
      const hex = raw.map((b) => Buffer.from(b).toString('hex'));
      assert.equal(routeDigest(hex), sha(Buffer.concat(raw)));
    }),
  );
  assert.throws(() => routeDigest(['ABC']), (e) => hasOracleCode(e, 'E_INTERNAL'));
});

void test('gate tolerance is 2^-40, inclusive', () => {
  assert.equal(GATE_TOLERANCE, 2 ** -40);
  assert.ok(gatesClose(0.5, 0.5 + 2 ** -40));
  assert.ok(!gatesClose(0.5, 0.5 + 2 ** -39));
  assert.ok(!gatesClose(0.5, Number.NaN));
  assert.equal(sha256Hex(new Uint8Array()), tokenDigest([]));
});
