import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mix64, streamOutputHex, streamOutputInto } from './splitmix64.ts';
import { streamKey, tiebreakLabel } from './stream-key.ts';
import { fromHalves, parseU64, toHalves } from './u64.ts';

const M64 = (1n << 64n) - 1n;

// Straight BigInt transcription of the SPEC-010 formula, used only to cross-check the 32-bit-halves implementation.
function mixBig(input: bigint): bigint {
  let z = input & M64;
  z ^= z >> 30n;
  z = (z * 0xbf58476d1ce4e5b9n) & M64;
  z ^= z >> 27n;
  z = (z * 0x94d049bb133111ebn) & M64;
  z ^= z >> 31n;
  return z;
}

function outputBig(key: bigint, index: number): bigint {
  return mixBig(key + BigInt(index + 1) * 0x9e3779b97f4a7c15n);
}

test('key 0 yields the published SplitMix64 vector', () => {
  assert.equal(streamOutputHex(0, 0, 0), 'e220a8397b1dcdaf');
  assert.equal(streamOutputHex(0, 0, 1), '6e789e6aa1b965f4');
  assert.equal(streamOutputHex(0, 0, 2), '06c45d188009454f');
});

test('stream outputs agree with a BigInt transcription for arbitrary keys and indices', () => {
  const out = new Uint32Array(2);
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: M64 }), fc.nat({ max: Number.MAX_SAFE_INTEGER - 1 }), (key, index) => {
      const { hi, lo } = toHalves(key);
      streamOutputInto(hi, lo, index, out);
      assert.equal(fromHalves(out[0] ?? 0, out[1] ?? 0), outputBig(key, index));
    }),
    { numRuns: 2000 },
  );
});

test('mix64 agrees with the BigInt transcription, including all-ones input', () => {
  const out = new Uint32Array(2);
  for (const z of [0n, 1n, M64, 0x8000000000000000n, 0x00000000ffffffffn, 0xffffffff00000000n]) {
    const { hi, lo } = toHalves(z);
    mix64(hi, lo, out);
    assert.equal(fromHalves(out[0] ?? 0, out[1] ?? 0), mixBig(z));
  }
});

test('streamKey takes the first 8 bytes of SHA-256 big-endian', () => {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...
  assert.deepEqual(streamKey('abc'), { hi: 0xba7816bf, lo: 0x8f01cfea });
  assert.equal(tiebreakLabel('42', 1, 'expert', '0.3'), 'litellm/v1/tiebreak/42/1/expert/0.3');
});

test('parseU64 accepts canonical decimals up to 2^64-1 only', () => {
  assert.equal(parseU64('0'), 0n);
  assert.equal(parseU64('18446744073709551615'), M64);
  for (const bad of ['18446744073709551616', '01', '-1', '', ' 1', '1.0', '99999999999999999999', '1e3']) {
    assert.equal(parseU64(bad), null, bad);
  }
});
