// The budget oracle: the policy forward pass against the plain forward pass, masks and k in traces, and the solver
// and degradation rules on worked numbers (SPEC-041 §4.3, SPEC-042 §4.3, SPEC-048 §4.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DEPLOYMENT, degradationOrder, expectedRouting, priceRouting, type OracleDeployment } from './budget.ts';
import { forwardUnderPolicy } from './budget-forward.ts';
import { forwardSequence } from './forward.ts';
import { generateForwardWeights } from './forward-weights.ts';
import type { ForwardModel } from './forward-types.ts';
import type { ForwardDescriptor } from './types.ts';

const SMALL: ForwardDescriptor = {
  family: 'litellm-conformance', formatVersion: 2, name: 'cm-fwd-budget-unit', seed: '239',
  dModel: 16, layers: 2, hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 4 }, topK: { tier: 1, group: 2, expert: 2 },
  vocab: 256, heads: 2, dFF: 32, sharedExpert: true, ropeBase: 10000, maxSeq: 32,
};
const WIDE: ForwardDescriptor = { ...SMALL, name: 'cm-fwd-budget-wide', hierarchy: { tiers: 6, groupsPerTier: 3, expertsPerGroup: 4 }, topK: { tier: 2, group: 2, expert: 2 } };
const wide: ForwardModel = { descriptor: WIDE, weights: generateForwardWeights(WIDE) };
const TOKENS = [72, 101, 108, 108, 111, 44, 32, 119];

void test('the full policy reproduces the plain forward pass exactly', () => {
  const plain = forwardSequence(wide, TOKENS, { routingSeed: 5n });
  const policy = forwardUnderPolicy(wide, TOKENS, { topK: WIDE.topK, allowedTiers: null }, 5n);
  assert.deepEqual(policy, plain);
});

void test('a mask and lower k show in every trace entry: allowed tiers only, k_T·k_G·k_E experts, gates summing to 1', () => {
  const result = forwardUnderPolicy(wide, TOKENS, { topK: { tier: 2, group: 1, expert: 2 }, allowedTiers: [1, 3, 4] }, 5n);
  for (const token of result.tokens) {
    for (const route of token.routes) {
      assert.equal(route.experts.length, 4);
      assert.ok(route.experts.every((e) => [1, 3, 4].includes(e.tier)));
      assert.equal(new Set(route.experts.map((e) => e.tier)).size, 2);
      assert.ok(Math.abs(route.experts.reduce((s, e) => s + e.gate, 0) - 1) < 1e-12);
    }
  }
});

void test('SPEC-048 worked numbers on the cm-fwd-small shape under the default deployment', () => {
  assert.equal(priceRouting(SMALL, 'm', SMALL.topK, [0, 1], DEFAULT_DEPLOYMENT).costPerToken, 384 + 15360);
  assert.deepEqual(degradationOrder({ tier: 2, group: 2, expert: 3 }).map((k) => `${k.tier}${k.group}${k.expert}`), ['223', '222', '221', '211', '111']);
  assert.deepEqual(expectedRouting(SMALL, 'm', { maxCost: 12000 }, DEFAULT_DEPLOYMENT).topK, { tier: 1, group: 2, expert: 1 });
  assert.throws(() => expectedRouting(SMALL, 'm', { maxCost: 6000 }, DEFAULT_DEPLOYMENT), { code: 'E_BUDGET_COST' });
  // Latencies (ms): 1/1/1 0.0064, 1/1/2 0.009472, 1/2/1 0.0096, 1/2/2 0.015744.
  assert.deepEqual(expectedRouting(SMALL, 'm', { latencyMs: 0.0097 }, DEFAULT_DEPLOYMENT).topK, { tier: 1, group: 1, expert: 2 });
  assert.deepEqual(expectedRouting(SMALL, 'm', { latencyMs: 0.016 }, DEFAULT_DEPLOYMENT).topK, SMALL.topK);
  assert.throws(() => expectedRouting(SMALL, 'm', { latencyMs: 0.006 }, DEFAULT_DEPLOYMENT), { code: 'E_BUDGET_INFEASIBLE' });
});

void test('hardware: unavailable tiers drop out, the slowest class sets the latency, the solver may keep only fast tiers', () => {
  const deployment: OracleDeployment = {
    ...DEFAULT_DEPLOYMENT,
    hardwareClasses: [{ name: 'fast', available: true, expertNsPerMultiplyAdd: 1 }, { name: 'off', available: false, expertNsPerMultiplyAdd: 1 }, { name: 'slow', available: true, expertNsPerMultiplyAdd: 4 }],
    defaultHardwareClass: 'fast',
    models: [{ model: 'w', tierHardware: ['slow', 'slow', 'off'], defaultTierSet: null }],
  };
  const full = expectedRouting(WIDE, 'w', {}, deployment);
  assert.deepEqual(full.tierSet, [0, 1, 3, 4, 5]);
  assert.equal(full.latencyMs, (full.routerMultiplyAdds + full.expertMultiplyAdds * 4) / 1e6);
  const fastOnly = priceRouting(WIDE, 'w', WIDE.topK, [3, 4, 5], deployment);
  assert.deepEqual(expectedRouting(WIDE, 'w', { latencyMs: fastOnly.latencyMs }, deployment).tierSet, [3, 4, 5]);
  assert.throws(() => expectedRouting(WIDE, 'w', { tierSet: [2] }, deployment), { code: 'E_ROUTING_HARDWARE' });
  assert.throws(() => expectedRouting(WIDE, 'w', { tierSet: [0, 0] }, deployment), { code: 'E_ROUTING_TIERSET' });
});
