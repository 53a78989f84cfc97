// The deployment's cost model (SPEC-048 §4.1, SPEC-042 §4.2): per-token multiply-adds of the routing (router and
// experts, SPEC-005 §4.1 with the tiers actually scored and the k actually used), their price in cost units, and the
// predicted per-token latency. Every figure is a binary64 evaluation in the order the specs state, so that an
// independent implementation gets the same bits.

import type { DescriptorV2 } from '../../model/manifest-types.ts';
import type { TokenFlopCounts } from '../../forward/token-ledger.ts';
import type { BudgetBehaviour } from './budget-behaviour.ts';

export interface CostModel {
  /** Cost units per router multiply-add. */
  routerCostPerMultiplyAdd: number;
  /** Cost units per expert multiply-add (routed and shared experts). */
  expertCostPerMultiplyAdd: number;
  /** Nanoseconds per router multiply-add. */
  routerNsPerMultiplyAdd: number;
  /** Milliseconds per token that do not depend on the routing (attention, output head, overheads). */
  fixedLatencyMs: number;
}

export const DEFAULT_COST_MODEL: Readonly<CostModel> = Object.freeze({
  routerCostPerMultiplyAdd: 1, expertCostPerMultiplyAdd: 1, routerNsPerMultiplyAdd: 1, fixedLatencyMs: 0,
});

export interface TopK {
  tier: number;
  group: number;
  expert: number;
}

/** Multiply-adds of one token over all layers: the router's and the experts'. */
export interface RoutingWork {
  router: number;
  experts: number;
}

/**
 * SPEC-048 §4.1: R = L·d·(|S| + k_T·G + k_T·k_G·E) router and X = L·(k_T·k_G·k_E + σ)·3·d·F expert multiply-adds
 * per token, |S| the tiers scored. Exact integers far below 2^53 for any descriptor within the declared limits.
 */
export function routingWork(descriptor: DescriptorV2, k: TopK, scoredTiers: number, omitShared = false): RoutingWork {
  const { dModel: d, layers: L, dFF: F, sharedExpert } = descriptor;
  const { groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  const shared = sharedExpert && !omitShared ? 1 : 0;
  return {
    router: L * d * (scoredTiers + k.tier * G + k.tier * k.group * E),
    experts: L * (k.tier * k.group * k.expert + shared) * 3 * d * F,
  };
}

/** SPEC-048 §4.1: c = R·c_R + X·c_X (two products, then their sum). */
export function costOf(work: RoutingWork, model: CostModel): number {
  return work.router * model.routerCostPerMultiplyAdd + work.experts * model.expertCostPerMultiplyAdd;
}

/** SPEC-042 §4.2: ℓ = fixed + (R·ns_R + X·ns_X) / 10^6, ns_X the expert speed of the slowest class serving S. */
export function latencyOf(work: RoutingWork, model: CostModel, expertNs: number): number {
  return model.fixedLatencyMs + (work.router * model.routerNsPerMultiplyAdd + work.experts * expertNs) / 1e6;
}

/** The expert ns per multiply-add a tier set is predicted at: its slowest class (its fastest under a fault). */
export function expertNsOf(speeds: readonly number[], behaviour: BudgetBehaviour): number {
  // REQ-042-002: any token may route to any tier of the set, so the prediction must hold for the slowest.
  return behaviour.latencyFastestClass ? Math.min(...speeds) : Math.max(...speeds);
}

/**
 * What a generation is charged (SPEC-048 §4.4): Σ over the rows its forward passes executed, in order, of the
 * row's ledger multiply-adds priced by the cost model: (router FLOPs / 2)·c_R + (expert FLOPs / 2)·c_X.
 */
export class CostMeter {
  readonly model: Readonly<CostModel>;
  private readonly chargeRouter: boolean;

  constructor(model: CostModel, behaviour: BudgetBehaviour) {
    this.model = Object.freeze({ ...model });
    this.chargeRouter = !behaviour.costRouterUncharged;
  }

  /** The cost of one executed row from its ledger figures. */
  rowCost(flops: Pick<TokenFlopCounts, 'router' | 'experts'>): number {
    const router = this.chargeRouter ? flops.router / 2 : 0;
    return costOf({ router, experts: flops.experts / 2 }, this.model);
  }

  /** The cost of the executed rows, summed in the order given. */
  charge(rows: Iterable<Pick<TokenFlopCounts, 'router' | 'experts'>>): number {
    let total = 0;
    for (const row of rows) total += this.rowCost(row);
    return total;
  }
}
