// The routing a budget allows. Latency budget (SPEC-042 §4.3): among every k per level and every speed-nested tier
// set, the feasible routing that routes the most experts, then has the larger expert k, group k, tier k, tier set.
// Cost cap alone (SPEC-048 §4.3): the descriptor's routing lowered step by step, expert k first, then group k, then
// tier k, to the first routing within the cap.

import { RuntimeError } from '../../errors.ts';
import type { DescriptorV2 } from '../../model/manifest-types.ts';
import type { BudgetBehaviour } from './budget-behaviour.ts';
import { costOf, expertNsOf, latencyOf, routingWork, type CostModel, type RoutingWork, type TopK } from './cost-model.ts';

/** One routing: k per level on a tier set, with its per-token work, cost and predicted latency. */
export interface RoutingChoice {
  topK: TopK;
  tiers: number[];
  work: RoutingWork;
  costPerToken: number;
  latencyMs: number;
}

/** What the solver needs to price a routing on a model's servable tiers. */
export interface PricingContext {
  descriptor: DescriptorV2;
  costModel: CostModel;
  /** Expert ns per multiply-add of the class serving each tier. */
  expertNs: (tier: number) => number;
  behaviour: BudgetBehaviour;
}

export function priced(ctx: PricingContext, topK: TopK, tiers: readonly number[]): RoutingChoice {
  const work = routingWork(ctx.descriptor, topK, tiers.length, ctx.behaviour.costOmitsShared);
  const latencyMs = latencyOf(work, ctx.costModel, expertNsOf(tiers.map(ctx.expertNs), ctx.behaviour));
  return { topK: { ...topK }, tiers: [...tiers], work, costPerToken: costOf(work, ctx.costModel), latencyMs };
}

/** The descriptor's routing on `tiers` (tier k at most the number of tiers): no budget. */
export function fullRouting(ctx: PricingContext, tiers: readonly number[]): RoutingChoice {
  const k = ctx.descriptor.topK;
  return priced(ctx, { tier: Math.min(k.tier, tiers.length), group: k.group, expert: k.expert }, tiers);
}

/** SPEC-048 §4.3: the degradation sequence from the full routing down to 1/1/1. */
export function degradationSteps(full: TopK, groupFirst = false): TopK[] {
  const steps: TopK[] = [];
  const k = { ...full };
  steps.push({ ...k });
  const lower = (level: keyof TopK) => {
    while (k[level] > 1) {
      k[level] -= 1;
      steps.push({ ...k });
    }
  };
  for (const level of groupFirst ? (['group', 'expert', 'tier'] as const) : (['expert', 'group', 'tier'] as const)) lower(level);
  return steps;
}

/** REQ-048-002, REQ-048-003: the first step of the degradation sequence within `maxCost`, else E_BUDGET_COST. */
export function degradeForCost(ctx: PricingContext, tiers: readonly number[], maxCost: number): RoutingChoice {
  const steps = degradationSteps(fullRouting(ctx, tiers).topK, ctx.behaviour.degradeGroupFirst);
  for (const k of steps) {
    const choice = priced(ctx, k, tiers);
    if (choice.costPerToken <= maxCost) return choice;
  }
  if (ctx.behaviour.costCapUnchecked) return priced(ctx, steps[steps.length - 1]!, tiers);
  throw new RuntimeError('E_BUDGET_COST', `even k 1/1/1 costs more than ${maxCost} per token`);
}

/** SPEC-042 §4.3: the nested tier sets by hardware speed: tiers at most as slow as each distinct speed, ascending. */
export function speedNestedSets(tiers: readonly number[], expertNs: (tier: number) => number): number[][] {
  const speeds = [...new Set(tiers.map(expertNs))].sort((a, b) => a - b);
  return speeds.map((v) => tiers.filter((t) => expertNs(t) <= v));
}

/** Larger is better: routed experts, then expert k, group k, tier k, tier count (SPEC-042 §4.3). */
function rankKey(c: RoutingChoice, preferGroup: boolean): number[] {
  const { tier, group, expert } = c.topK;
  return preferGroup ? [tier * group * expert, group, expert, tier, c.tiers.length] : [tier * group * expert, expert, group, tier, c.tiers.length];
}

function better(a: RoutingChoice, b: RoutingChoice, preferGroup: boolean): boolean {
  const [x, y] = [rankKey(a, preferGroup), rankKey(b, preferGroup)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return false;
}

/** REQ-042-001, REQ-042-003: the best feasible routing under a latency budget (and a cost cap, if any). */
export function solveLatency(ctx: PricingContext, tiers: readonly number[], latencyMs: number, maxCost?: number): RoutingChoice {
  const k = ctx.descriptor.topK;
  const sets = speedNestedSets(tiers, ctx.expertNs);
  if (maxCost !== undefined) {
    // The cheapest routing allowed: k 1/1/1 on the smallest set (cost grows with every k and with the set).
    const cheapest = priced(ctx, { tier: 1, group: 1, expert: 1 }, sets[0]!);
    if (cheapest.costPerToken > maxCost) throw new RuntimeError('E_BUDGET_COST', `even k 1/1/1 costs more than ${maxCost} per token`);
  }
  const fits = (c: RoutingChoice) => c.latencyMs <= latencyMs && (maxCost === undefined || c.costPerToken <= maxCost);
  let best: RoutingChoice | null = null;
  for (const set of sets) {
    for (let kT = 1; kT <= Math.min(k.tier, set.length); kT++) {
      for (let kG = 1; kG <= k.group; kG++) {
        // Latency and cost grow with expert k, so the largest feasible one is this (set, kT, kG)'s best.
        for (let kE = k.expert; kE >= 1; kE--) {
          const choice = priced(ctx, { tier: kT, group: kG, expert: kE }, set);
          if (!fits(choice)) continue;
          if (best === null || better(choice, best, ctx.behaviour.solverPrefersGroup)) best = choice;
          break;
        }
      }
    }
  }
  if (best !== null) return best;
  if (ctx.behaviour.infeasibleReturnsMinimum) return priced(ctx, { tier: 1, group: 1, expert: 1 }, sets[0]!);
  throw new RuntimeError('E_BUDGET_INFEASIBLE', `no routing meets ${latencyMs} ms per token under the deployment's cost model`);
}
