import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  activeExpertFlops,
  attentionCoreFlops,
  forwardParameterCount,
  maxTokenFlops,
  modelParameterBytes,
  modelParameterCount,
  routerFlops,
  tokenFlops,
  tokenParameterBytes,
} from './accounting.ts';
import { parameterCount } from './descriptor.ts';
import { forwardTensorSpecs } from './forward-weights.ts';
import type { ForwardDescriptor, ModelDescriptor } from './types.ts';

const small: ForwardDescriptor = {
  family: 'litellm-conformance', formatVersion: 2, name: 'cm-fwd-small', seed: '1',
  dModel: 16, layers: 2, hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 4 }, topK: { tier: 1, group: 2, expert: 2 },
  vocab: 256, heads: 2, dFF: 32, sharedExpert: true, ropeBase: 10000, maxSeq: 32,
};

const shapes = fc.record({
  tiers: fc.integer({ min: 4, max: 64 }), groupsPerTier: fc.integer({ min: 4, max: 64 }), expertsPerGroup: fc.integer({ min: 4, max: 64 }),
});

void test('per-token FLOPs of cm-fwd-small, term by term', () => {
  const d = 16;
  // Position 3: attention 8d² + 4d·4 per layer; router 2d·(T + kT·G + kT·kG·E) = 2d·(2 + 2 + 8); experts 4 routed + 1 shared.
  assert.deepEqual(tokenFlops(small, 3), {
    attention: 2 * (8 * d * d + 4 * d * 4),
    router: 2 * 2 * d * 12,
    experts: 2 * (4 + 1) * 6 * d * 32,
    output: 2 * d * 256,
    total: 2 * (8 * d * d + 4 * d * 4) + 2 * 2 * d * 12 + 2 * 5 * 6 * d * 32 + 2 * d * 256,
  });
  assert.equal(maxTokenFlops(small), tokenFlops(small, 31).total);
  assert.equal(attentionCoreFlops(small, 0), 4 * d);
  assert.equal(tokenFlops({ ...small, sharedExpert: false }, 0).experts, 2 * 4 * 6 * d * 32);
});

void test('the active expert term depends on k only, never on T, G or E; the router term grows with them', () => {
  fc.assert(
    fc.property(shapes, shapes, (a, b) => {
      const x: ForwardDescriptor = { ...small, hierarchy: a };
      const y: ForwardDescriptor = { ...small, hierarchy: b };
      assert.equal(activeExpertFlops(x), activeExpertFlops(y));
      assert.equal(tokenFlops(x, 5).experts, tokenFlops(y, 5).experts);
      if (b.tiers >= a.tiers && b.groupsPerTier >= a.groupsPerTier && b.expertsPerGroup > a.expertsPerGroup) {
        assert.ok(routerFlops(y) > routerFlops(x));
      }
    }),
  );
  const wide: ForwardDescriptor = { ...small, hierarchy: { tiers: 8, groupsPerTier: 10, expertsPerGroup: 20 } };
  assert.equal(activeExpertFlops(wide), activeExpertFlops(small));
  assert.equal(forwardParameterCount(wide) > 90 * forwardParameterCount(small) / 10, true);
});

void test('parameter count equals the elements of every generated tensor; resident bytes are 4 × that', () => {
  for (const d of [small, { ...small, sharedExpert: false, layers: 1, vocab: 7 }]) {
    const elements = forwardTensorSpecs(d).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
    assert.equal(forwardParameterCount(d), elements);
    assert.equal(modelParameterCount(d), elements);
    assert.equal(modelParameterBytes(d), 4 * elements);
  }
  const v1: ModelDescriptor = { ...small, formatVersion: 1 } as unknown as ModelDescriptor;
  assert.equal(modelParameterCount(v1), parameterCount(v1));
});

void test('parameter bytes read per token follow the §3 formula', () => {
  const d = 16;
  const perLayer = 2 * d + 4 * d * d + d * (2 + 1 * 2 + 1 * 2 * 4) + (4 + 1) * 3 * d * 32;
  assert.equal(tokenParameterBytes(small), 4 * (d + 2 * perLayer + d + 256 * d));
  const wide: ForwardDescriptor = { ...small, hierarchy: { tiers: 8, groupsPerTier: 10, expertsPerGroup: 20 } };
  const widePerLayer = 2 * d + 4 * d * d + d * (8 + 10 + 40) + 5 * 3 * d * 32;
  assert.equal(tokenParameterBytes(wide), 4 * (d + 2 * widePerLayer + d + 256 * d));
});
