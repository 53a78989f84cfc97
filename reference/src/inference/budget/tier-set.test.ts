import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import type { DescriptorV2 } from '../../model/manifest-types.ts';
import { parseFaults, type FaultName } from '../../faults.ts';
import { Deployment, resolveRoutingPolicy, solveRouting } from './index.ts';
import { checkTierSet, selectTiers } from './tier-set.ts';

const MODEL: DescriptorV2 = { ...DEFAULT_MODEL_DESCRIPTOR, name: 'tiers-four', hierarchy: { tiers: 4, groupsPerTier: 2, expertsPerGroup: 4 }, topK: { tier: 2, group: 2, expert: 2 } };

function deployment(faults: FaultName[] = []): Deployment {
  const d = new Deployment(parseFaults(faults));
  d.replace({
    hardwareClasses: [{ name: 'gpu', available: true, expertNsPerMultiplyAdd: 0.5 }, { name: 'cpu', available: false, expertNsPerMultiplyAdd: 8 }, { name: 'npu', available: true, expertNsPerMultiplyAdd: 2 }],
    defaultHardwareClass: 'gpu',
    models: [{ model: 'tiers-four', tierHardware: ['gpu', 'cpu', 'npu'], defaultTierSet: [1, 2, 3] }],
  });
  return d;
}

test('a tier set is non-empty, names each tier once, and only tiers of the model', () => {
  assert.deepEqual(checkTierSet([3, 0, 2], 4), [0, 2, 3]);
  for (const bad of [[], [0, 0], [4], [-1], [1.5]]) assert.throws(() => checkTierSet(bad, 4), { code: 'E_ROUTING_TIERSET' }, JSON.stringify(bad));
  assert.deepEqual(checkTierSet([1, 1], 4, true), [1]);
});

test('the request set, else the deployment default, narrowed to tiers on available hardware', () => {
  const d = deployment();
  assert.deepEqual(selectTiers(MODEL, 'tiers-four', [0, 1], d), { requested: [0, 1], servable: [0] });
  // Default [1, 2, 3]: tier 1 is on the unavailable cpu class; tier 3 falls to the default class gpu.
  assert.deepEqual(selectTiers(MODEL, 'tiers-four', undefined, d), { requested: [1, 2, 3], servable: [2, 3] });
  // Another model id: no entry, every tier on the default class.
  assert.deepEqual(selectTiers(MODEL, 'other', undefined, d).servable, [0, 1, 2, 3]);
  assert.throws(() => selectTiers(MODEL, 'tiers-four', [1], d), { code: 'E_ROUTING_HARDWARE' });
  assert.throws(() => selectTiers(MODEL, 'tiers-four', [1, 1], d), { code: 'E_ROUTING_TIERSET' });
});

test('a default tier set naming a tier the model lacks is E_ROUTING_TIERSET when used', () => {
  const d = new Deployment();
  d.replace({ models: [{ model: 'tiers-four', defaultTierSet: [5] }] });
  assert.throws(() => selectTiers(MODEL, 'tiers-four', undefined, d), { code: 'E_ROUTING_TIERSET' });
  assert.deepEqual(selectTiers(MODEL, 'tiers-four', [0], d).servable, [0]);
});

test('the resolved policy masks the tier set, caps tier k at its size, and passes no mask for every tier', () => {
  const d = deployment();
  const one = resolveRoutingPolicy(MODEL, { tierSet: [0, 1] }, d);
  assert.deepEqual(one.policy, { topK: { tier: 1, group: 2, expert: 2 }, allowedTiers: [0] });
  assert.deepEqual(resolveRoutingPolicy(MODEL, {}, new Deployment()).policy, { topK: MODEL.topK, allowedTiers: null });
  assert.equal(one.costPerToken, solveRouting(MODEL, { tierSet: [0, 1] }, d).costPerToken);
  assert.equal(one.meter.model.expertCostPerMultiplyAdd, 1);
});

test('fault switches change exactly their rule', () => {
  assert.equal(resolveRoutingPolicy(MODEL, { tierSet: [0, 1] }, deployment(['budget.tierset-ignored'])).policy.allowedTiers, null);
  assert.deepEqual(selectTiers(MODEL, 'tiers-four', undefined, deployment(['budget.default-tierset-ignored'])).servable, [0, 2, 3]);
  assert.deepEqual(selectTiers(MODEL, 'tiers-four', [0, 1], deployment(['budget.hardware-ignored'])).servable, [0, 1]);
  assert.deepEqual(selectTiers(MODEL, 'tiers-four', [1], deployment(['budget.hardware-fallback-all'])).servable, [1]);
  const latency = solveRouting(MODEL, {}, deployment()).latencyMs;
  const ignored = resolveRoutingPolicy(MODEL, { budget: { latencyMs: latency / 4 } }, deployment(['budget.latency-budget-ignored']));
  assert.deepEqual(ignored.policy.topK, { tier: 2, group: 2, expert: 2 });
  assert.throws(() => resolveRoutingPolicy(MODEL, { budget: { latencyMs: 1e-9 } }, deployment()), { code: 'E_BUDGET_INFEASIBLE' });
});

test('the deployment refuses undeclared or repeated class names and keeps the previous document', () => {
  const d = deployment();
  const before = d.document;
  assert.throws(() => d.replace({ models: [{ model: 'm', tierHardware: ['tpu'] }] }), { code: 'E_PROTOCOL_BAD_REQUEST' });
  assert.throws(() => d.replace({ hardwareClasses: [{ name: 'a', available: true, expertNsPerMultiplyAdd: 1 }, { name: 'a', available: false, expertNsPerMultiplyAdd: 1 }] }), { code: 'E_PROTOCOL_BAD_REQUEST' });
  assert.throws(() => d.replace({ defaultHardwareClass: 'tpu' }), { code: 'E_PROTOCOL_BAD_REQUEST' });
  assert.deepEqual(d.document, before);
  d.reset();
  assert.deepEqual(d.document.hardwareClasses, [{ name: 'reference', available: true, expertNsPerMultiplyAdd: 1 }]);
});
