import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasOracleCode } from './errors.ts';
import { assertDescriptor, parameterCount, validateDescriptor } from './descriptor.ts';
import type { ModelDescriptor } from './types.ts';

function small(): ModelDescriptor {
  return {
    family: 'litellm-conformance',
    formatVersion: 1,
    name: 'cm-small',
    seed: '1234',
    dModel: 16,
    layers: 2,
    hierarchy: { tiers: 4, groupsPerTier: 4, expertsPerGroup: 8 },
    topK: { tier: 2, group: 2, expert: 2 },
    ties: [{ layer: 0, level: 'expert', copy: { from: 0, to: 1 } }],
  };
}

function pathsOf(value: unknown): string[] {
  return validateDescriptor(value).map((p) => p.path);
}

void test('the contract example descriptor is valid', () => {
  assert.deepEqual(validateDescriptor(small()), []);
  assert.equal(assertDescriptor(small()).name, 'cm-small');
});

void test('each range invariant is reported at its path', () => {
  const cases: [(d: Record<string, unknown> & ModelDescriptor) => void, string][] = [
    [(d) => { (d as Record<string, unknown>).family = 'other'; }, '/family'],
    [(d) => { (d as Record<string, unknown>).formatVersion = 2; }, '/formatVersion'],
    [(d) => { d.name = 'Bad_Name'; }, '/name'],
    [(d) => { d.name = '-x'; }, '/name'],
    [(d) => { d.name = 'a'.repeat(64); }, '/name'],
    [(d) => { d.seed = '01'; }, '/seed'],
    [(d) => { d.seed = '18446744073709551616'; }, '/seed'],
    [(d) => { d.dModel = 0; }, '/dModel'],
    [(d) => { d.dModel = 4097; }, '/dModel'],
    [(d) => { d.dModel = 1.5; }, '/dModel'],
    [(d) => { d.layers = 65; }, '/layers'],
    [(d) => { d.hierarchy.tiers = 0; }, '/hierarchy/tiers'],
    [(d) => { d.hierarchy.groupsPerTier = 4097; }, '/hierarchy/groupsPerTier'],
    [(d) => { d.hierarchy.expertsPerGroup = -1; }, '/hierarchy/expertsPerGroup'],
    [(d) => { d.topK.tier = 5; }, '/topK/tier'],
    [(d) => { d.topK.group = 0; }, '/topK/group'],
    [(d) => { d.topK.expert = 9; }, '/topK/expert'],
    [(d) => { d.ties = [{ layer: 2, level: 'expert', copy: { from: 0, to: 1 } }]; }, '/ties/0/layer'],
    [(d) => { d.ties = [{ layer: 0, level: 'tier', copy: { from: 4, to: 1 } }]; }, '/ties/0/copy/from'],
    [(d) => { d.ties = [{ layer: 0, level: 'group', copy: { from: 0, to: 16 } }]; }, '/ties/0/copy/to'],
    [(d) => { d.ties = [{ layer: 0, level: 'expert', copy: { from: 0, to: 128 } }]; }, '/ties/0/copy/to'],
    [(d) => { d.ties = [{ layer: 0, level: 'nope' as 'tier', copy: { from: 0, to: 1 } }]; }, '/ties/0/level'],
    [(d) => { d.ties = [{ layer: 0, level: 'tier', copy: { from: 1, to: 1 } }]; }, '/ties/0/copy'],
    [(d) => { d.hierarchy = { tiers: 4096, groupsPerTier: 4096, expertsPerGroup: 257 }; d.topK.expert = 1; }, '/hierarchy'],
    [(d) => { (d as Record<string, unknown>).extra = 1; }, '/extra'],
  ];
  for (const [mutate, path] of cases) {
    const d = small() as Record<string, unknown> & ModelDescriptor;
    mutate(d);
    assert.deepEqual(pathsOf(d), [path], `expected exactly one problem at ${path}`);
  }
  const topExpertOk = small();
  topExpertOk.topK.expert = 8;
  assert.deepEqual(validateDescriptor(topExpertOk), []);
  const lastExpertRow = small();
  lastExpertRow.ties = [{ layer: 1, level: 'expert', copy: { from: 127, to: 0 } }];
  assert.deepEqual(validateDescriptor(lastExpertRow), []);
});

void test('non-objects and missing members are problems, not exceptions', () => {
  assert.deepEqual(pathsOf(null), ['']);
  assert.deepEqual(pathsOf([]), ['']);
  const paths = pathsOf({});
  for (const p of ['/family', '/formatVersion', '/name', '/seed', '/dModel', '/layers', '/hierarchy', '/topK']) {
    assert.ok(paths.includes(p), p);
  }
  assert.throws(() => assertDescriptor({}), (e) => hasOracleCode(e, 'E_MODEL_MANIFEST_INVALID'));
});

void test('parameterCount = layers × (T + T·G + T·G·E) × dModel', () => {
  assert.equal(parameterCount(small()), 2 * (4 + 16 + 128) * 16);
  // The largest valid model still has an exactly representable count.
  const largest = small();
  largest.dModel = 4096;
  largest.layers = 64;
  largest.hierarchy = { tiers: 4096, groupsPerTier: 4096, expertsPerGroup: 256 };
  largest.ties = [];
  assert.deepEqual(validateDescriptor(largest), []);
  assert.equal(parameterCount(largest), 64 * (4096 + 4096 * 4096 + 2 ** 32) * 4096);
  const big = small();
  big.dModel = 4096;
  big.layers = 64;
  big.hierarchy = { tiers: 4096, groupsPerTier: 4096, expertsPerGroup: 4096 };
  assert.throws(() => parameterCount(big), (e) => hasOracleCode(e, 'E_MODEL_LIMIT'));
});
