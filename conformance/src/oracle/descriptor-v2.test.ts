import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasOracleCode } from './errors.ts';
import { validateDescriptor } from './descriptor.ts';
import { assertForwardDescriptor, headDim, isForwardDescriptor, validateAnyDescriptor, validateForwardDescriptor } from './descriptor-v2.ts';
import type { ForwardDescriptor, ModelDescriptor } from './types.ts';

function v2(): ForwardDescriptor {
  return {
    family: 'litellm-conformance', formatVersion: 2, name: 'cm-fwd-x', seed: '1',
    dModel: 16, layers: 2, hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 4 }, topK: { tier: 1, group: 2, expert: 2 },
    vocab: 256, heads: 2, dFF: 32, sharedExpert: false, ropeBase: 10000, maxSeq: 64,
  };
}

type Loose = Record<string, unknown> & ForwardDescriptor;
const paths = (value: unknown) => validateForwardDescriptor(value).map((p) => p.path);

void test('the contract-core example fields make a valid v2 descriptor', () => {
  assert.deepEqual(validateForwardDescriptor(v2()), []);
  assert.deepEqual(validateAnyDescriptor(v2()), []);
  assert.equal(assertForwardDescriptor(v2()).vocab, 256);
  assert.equal(headDim(v2()), 8);
  assert.ok(isForwardDescriptor(v2()));
  const withTies: ForwardDescriptor = { ...v2(), ties: [{ layer: 1, level: 'expert', copy: { from: 0, to: 15 } }] };
  assert.deepEqual(validateForwardDescriptor(withTies), []);
});

void test('each v2 invariant is reported at its own path', () => {
  const cases: [(d: Loose) => void, string][] = [
    [(d) => { d.vocab = 1; }, '/vocab'],
    [(d) => { d.vocab = 65537; }, '/vocab'],
    [(d) => { d.vocab = 2.5; }, '/vocab'],
    [(d) => { d.heads = 0; }, '/heads'],
    [(d) => { d.heads = 3; }, '/heads'], // does not divide 16
    [(d) => { d.heads = 16; }, '/heads'], // dHead = 1 is odd
    [(d) => { d.dModel = 6; d.heads = 2; }, '/heads'], // dHead = 3 is odd
    [(d) => { d.dFF = 0; }, '/dFF'],
    [(d) => { d.dFF = 16385; }, '/dFF'],
    [(d) => { d.maxSeq = 0; }, '/maxSeq'],
    [(d) => { d.maxSeq = 4097; }, '/maxSeq'],
    [(d) => { d.ropeBase = 1; }, '/ropeBase'],
    [(d) => { d.ropeBase = Number.POSITIVE_INFINITY; }, '/ropeBase'],
    [(d) => { (d as Record<string, unknown>).ropeBase = '10000'; }, '/ropeBase'],
    [(d) => { (d as Record<string, unknown>).sharedExpert = 1; }, '/sharedExpert'],
    [(d) => { delete (d as Record<string, unknown>).maxSeq; }, '/maxSeq'],
    [(d) => { (d as Record<string, unknown>).formatVersion = 3; }, '/formatVersion'],
    // The router part keeps every v1 rule.
    [(d) => { d.topK.expert = 5; }, '/topK/expert'],
    [(d) => { d.seed = '01'; }, '/seed'],
    [(d) => { (d as Record<string, unknown>).extra = true; }, '/extra'],
  ];
  for (const [mutate, path] of cases) {
    const d = v2() as Loose;
    mutate(d);
    assert.deepEqual(paths(d), [path], `expected exactly one problem at ${path}`);
  }
  const edges = [{ vocab: 2 }, { vocab: 65536 }, { dFF: 16384 }, { maxSeq: 4096 }, { ropeBase: 1.0001 }, { heads: 8 }, { sharedExpert: true }];
  for (const edge of edges) assert.deepEqual(validateForwardDescriptor({ ...v2(), ...edge }), [], JSON.stringify(edge));
});

void test('version dispatch: v1 stays router-only, v2 fields are unknown to v1', () => {
  const v1: ModelDescriptor = {
    family: 'litellm-conformance', formatVersion: 1, name: 'cm-x', seed: '1', dModel: 8, layers: 1,
    hierarchy: { tiers: 1, groupsPerTier: 1, expertsPerGroup: 1 }, topK: { tier: 1, group: 1, expert: 1 },
  };
  assert.deepEqual(validateAnyDescriptor(v1), []);
  assert.ok(!isForwardDescriptor(v1));
  assert.deepEqual(paths(v1).sort(), ['/dFF', '/formatVersion', '/heads', '/maxSeq', '/ropeBase', '/sharedExpert', '/vocab']);
  // A v1 descriptor carrying v2 fields is not a v1 descriptor.
  assert.ok(validateAnyDescriptor({ ...v1, vocab: 256 }).some((p) => p.path === '/vocab'));
  // The v1 validator alone still refuses version 2.
  assert.ok(validateDescriptor(v2()).some((p) => p.path === '/formatVersion'));
  assert.deepEqual(paths(null), ['']);
  assert.throws(() => assertForwardDescriptor({ ...v2(), heads: 3 }), (e) => hasOracleCode(e, 'E_MODEL_MANIFEST_INVALID'));
});
