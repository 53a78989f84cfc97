import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { hasOracleCode } from './errors.ts';
import {
  DYADIC_VALUES,
  U64_MAX,
  dyadic,
  inputLabel,
  mix,
  parseU64,
  streamKey,
  streamOutput,
  tieParentPath,
  tiebreakLabel,
  weightLabel,
} from './prng.ts';

const GAMMA = 0x9e3779b97f4a7c15n;
const u64 = fc.bigInt({ min: 0n, max: U64_MAX });

void test('SplitMix64 stream of key 0 matches the published vector', () => {
  const outputs = [0, 1, 2].map((i) => streamOutput(0n, i).toString(16).padStart(16, '0'));
  assert.deepEqual(outputs, ['e220a8397b1dcdaf', '6e789e6aa1b965f4', '06c45d188009454f']);
});

void test('streamOutput is random access: equal to stepping the SplitMix64 state sequentially', () => {
  fc.assert(
    fc.property(u64, fc.integer({ min: 0, max: 200 }), (key, n) => {
      let state = key;
      for (let i = 0; i <= n; i += 1) {
        state = (state + GAMMA) & U64_MAX;
        assert.equal(streamOutput(key, i), mix(state));
      }
      assert.equal(streamOutput(key, BigInt(n)), streamOutput(key, n));
    }),
    { numRuns: 50 },
  );
});

void test('mix stays within u64 and accepts out-of-range input modulo 2^64', () => {
  fc.assert(
    fc.property(u64, (z) => {
      const m = mix(z);
      assert.ok(m >= 0n && m <= U64_MAX);
      assert.equal(mix(z + (1n << 64n)), m);
    }),
  );
});

void test('dyadic values are always one of the 16 values k/8, k in -8..7', () => {
  fc.assert(
    fc.property(u64, (u) => {
      assert.ok(DYADIC_VALUES.includes(dyadic(u)));
    }),
  );
  assert.equal(dyadic(0n), -1);
  assert.equal(dyadic(U64_MAX), 0.875);
  assert.equal(dyadic(1n << 63n), 0);
});

void test('streamKey is the first 8 bytes of SHA-256 of the label, big-endian', () => {
  fc.assert(
    fc.property(fc.string(), (label) => {
      const hex = createHash('sha256').update(label, 'utf8').digest('hex').slice(0, 16);
      assert.equal(streamKey(label), BigInt(`0x${hex}`));
    }),
  );
});

void test('labels follow the contract spelling', () => {
  assert.equal(weightLabel(1234n, 'layers.0.router.tier.weight'), 'litellm/v1/weight/1234/layers.0.router.tier.weight');
  assert.equal(weightLabel('1234', 'x'), 'litellm/v1/weight/1234/x');
  assert.equal(inputLabel('7', 3), 'litellm/v1/input/7/3');
  assert.equal(tiebreakLabel(42n, 1, 'tier', tieParentPath('tier')), 'litellm/v1/tiebreak/42/1/tier/-');
  assert.equal(tiebreakLabel(42n, 0, 'group', tieParentPath('group', 3)), 'litellm/v1/tiebreak/42/0/group/3');
  assert.equal(tiebreakLabel(42n, 0, 'expert', tieParentPath('expert', 3, 1)), 'litellm/v1/tiebreak/42/0/expert/3.1');
});

void test('parseU64 accepts exactly the canonical decimal u64 strings', () => {
  fc.assert(
    fc.property(u64, (v) => {
      assert.equal(parseU64(v.toString()), v);
    }),
  );
  assert.equal(parseU64('18446744073709551615'), U64_MAX);
  for (const bad of ['', '01', '-1', '+1', ' 1', '1 ', '1.0', '1e3', '0x10', '18446744073709551616', '99999999999999999999', '123456789012345678901']) {
    assert.throws(() => parseU64(bad), (e) => hasOracleCode(e, 'E_CONTROL_SEED_INVALID'), bad);
  }
  assert.throws(() => parseU64(5 as unknown as string), (e) => hasOracleCode(e, 'E_CONTROL_SEED_INVALID'));
  assert.throws(() => parseU64('x', 'E_MODEL_MANIFEST_INVALID'), (e) => hasOracleCode(e, 'E_MODEL_MANIFEST_INVALID'));
});
