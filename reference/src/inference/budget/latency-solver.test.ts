import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import type { DescriptorV2 } from '../../model/manifest-types.ts';
import { NO_BUDGET_FAULTS } from './budget-behaviour.ts';
import { costOf, DEFAULT_COST_MODEL, latencyOf, routingWork, type CostModel } from './cost-model.ts';
import { degradationSteps, degradeForCost, fullRouting, priced, solveLatency, speedNestedSets, type PricingContext, type RoutingChoice } from './latency-solver.ts';

const WIDE: DescriptorV2 = {
  ...DEFAULT_MODEL_DESCRIPTOR, name: 'solver-wide',
  hierarchy: { tiers: 4, groupsPerTier: 3, expertsPerGroup: 4 }, topK: { tier: 2, group: 3, expert: 3 },
};
// Tiers 0 and 1 on a fast class (1 ns per expert multiply-add), tiers 2 and 3 on a slow one (4 ns).
const SPEEDS = [1, 1, 4, 4];
const COSTS: CostModel = { routerCostPerMultiplyAdd: 0.5, expertCostPerMultiplyAdd: 2, routerNsPerMultiplyAdd: 0.25, fixedLatencyMs: 0.05 };

function ctx(descriptor: DescriptorV2 = WIDE, costModel: CostModel = COSTS, behaviour = NO_BUDGET_FAULTS): PricingContext {
  return { descriptor, costModel, expertNs: (t) => SPEEDS[t] ?? 1, behaviour };
}

test('routing work reproduces SPEC-005 §4.1 router and expert terms of the default model (multiply-adds = FLOPs / 2)', () => {
  const work = routingWork(DEFAULT_MODEL_DESCRIPTOR, DEFAULT_MODEL_DESCRIPTOR.topK, 2);
  assert.deepEqual(work, { router: 1536 / 2, experts: 122880 / 2 });
  assert.equal(costOf(work, DEFAULT_COST_MODEL), 768 + 61440);
  assert.equal(latencyOf(work, DEFAULT_COST_MODEL, 1), (768 + 61440) / 1e6);
  // One tier masked: one tier row fewer scored.
  assert.equal(routingWork(DEFAULT_MODEL_DESCRIPTOR, DEFAULT_MODEL_DESCRIPTOR.topK, 1).router, 768 - 2 * 32);
});

test('the degradation sequence lowers expert k to 1, then group k, then tier k', () => {
  const steps = degradationSteps({ tier: 2, group: 3, expert: 3 }).map((k) => `${k.tier}${k.group}${k.expert}`);
  assert.deepEqual(steps, ['233', '232', '231', '221', '211', '111']);
});

test('a cost cap takes the first degradation step within it; below k 1/1/1 it is E_BUDGET_COST', () => {
  const tiers = [0, 1, 2, 3];
  const steps = degradationSteps(WIDE.topK).map((k) => priced(ctx(), k, tiers));
  assert.ok(steps.every((s, i) => i === 0 || s.costPerToken < steps[i - 1]!.costPerToken), 'cost falls along the sequence');
  steps.forEach((step, i) => {
    assert.deepEqual(degradeForCost(ctx(), tiers, step.costPerToken).topK, step.topK, `exact cap of step ${i}`);
    if (i > 0) assert.deepEqual(degradeForCost(ctx(), tiers, step.costPerToken + 1e-6).topK, step.topK);
  });
  assert.deepEqual(degradeForCost(ctx(), tiers, 1e12).topK, WIDE.topK);
  assert.throws(() => degradeForCost(ctx(), tiers, steps.at(-1)!.costPerToken * 0.999), { code: 'E_BUDGET_COST' });
});

test('speed-nested tier sets: the tiers at most as slow as each distinct class speed', () => {
  assert.deepEqual(speedNestedSets([0, 1, 2, 3], (t) => SPEEDS[t]!), [[0, 1], [0, 1, 2, 3]]);
  assert.deepEqual(speedNestedSets([2, 3], (t) => SPEEDS[t]!), [[2, 3]]);
});

/** Every routing the solver may consider, by brute force, and the best feasible one by the SPEC-042 §4.3 rule. */
function bruteForce(latencyMs: number, maxCost?: number) {
  const all: RoutingChoice[] = [];
  for (const set of [[0, 1], [0, 1, 2, 3]]) {
    for (let t = 1; t <= Math.min(2, set.length); t++) for (let g = 1; g <= 3; g++) for (let e = 1; e <= 3; e++) all.push(priced(ctx(), { tier: t, group: g, expert: e }, set));
  }
  const key = (c: (typeof all)[number]) => [c.topK.tier * c.topK.group * c.topK.expert, c.topK.expert, c.topK.group, c.topK.tier, c.tiers.length];
  const feasible = all.filter((c) => c.latencyMs <= latencyMs && (maxCost === undefined || c.costPerToken <= maxCost));
  feasible.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const i = x.findIndex((v, j) => v !== y[j]);
    return i === -1 ? 0 : y[i]! - x[i]!;
  });
  return { best: feasible[0], all };
}

test('the solver picks the feasible routing with most experts, then larger expert, group, tier k, then more tiers', () => {
  const latencies = bruteForce(Infinity).all.map((c) => c.latencyMs).sort((a, b) => a - b);
  for (const budget of [...latencies, ...latencies.map((l) => l * 1.0001)]) {
    const want = bruteForce(budget).best;
    const got = solveLatency(ctx(), [0, 1, 2, 3], budget);
    assert.deepEqual([got.topK, got.tiers], [want?.topK, want?.tiers], `budget ${budget}`);
    assert.ok(got.latencyMs <= budget);
  }
});

test('at equal routed experts the larger expert k wins; a slow tier is dropped when only the fast set fits', () => {
  // A budget that admits 6 experts as 1/2/3, 2/1/3 and 1/3/2 (the dearest of the three routers) on the fast tiers:
  // the rule prefers expert k 3, then group k 2.
  const six = priced(ctx(), { tier: 1, group: 3, expert: 2 }, [0, 1]);
  const got = solveLatency(ctx(), [0, 1, 2, 3], six.latencyMs);
  assert.deepEqual([got.topK, got.tiers], [{ tier: 1, group: 2, expert: 3 }, [0, 1]]);
  const groupFirst = solveLatency(ctx(WIDE, COSTS, { ...NO_BUDGET_FAULTS, solverPrefersGroup: true }), [0, 1, 2, 3], six.latencyMs);
  assert.deepEqual(groupFirst.topK, { tier: 1, group: 3, expert: 2 });
});

test('no routing within the latency budget is E_BUDGET_INFEASIBLE; a cost cap below every routing is E_BUDGET_COST first', () => {
  const cheapest = priced(ctx(), { tier: 1, group: 1, expert: 1 }, [0, 1]);
  assert.throws(() => solveLatency(ctx(), [0, 1, 2, 3], cheapest.latencyMs * 0.999), { code: 'E_BUDGET_INFEASIBLE' });
  assert.throws(() => solveLatency(ctx(), [0, 1, 2, 3], cheapest.latencyMs * 0.999, cheapest.costPerToken / 2), { code: 'E_BUDGET_COST' });
  const both = solveLatency(ctx(), [0, 1, 2, 3], 1e9, priced(ctx(), { tier: 1, group: 2, expert: 2 }, [0, 1]).costPerToken);
  assert.deepEqual(both, bruteForce(1e9, priced(ctx(), { tier: 1, group: 2, expert: 2 }, [0, 1]).costPerToken).best);
});

test('without a budget the routing is the descriptor k, tier k at most the number of tiers', () => {
  assert.deepEqual(fullRouting(ctx(), [0, 1, 2]).topK, WIDE.topK);
  assert.deepEqual(fullRouting(ctx(), [3]).topK, { tier: 1, group: 3, expert: 3 });
  // The slowest class of the set sets the expert latency.
  const slow = fullRouting(ctx(), [0, 3]);
  assert.equal(slow.latencyMs, latencyOf(slow.work, COSTS, 4));
});
