// Where the budget area deviates from SPEC-041/042/048 under fault switches, read once when the deployment is built;
// the solver, the tier-set checks and the cost meter see only these booleans. NO_BUDGET_FAULTS is the conforming rule.

import type { FaultSet } from '../../faults.ts';

export interface BudgetBehaviour {
  tierSetIgnored: boolean;
  defaultTierSetIgnored: boolean;
  duplicatesAccepted: boolean;
  hardwareIgnored: boolean;
  hardwareFallbackAll: boolean;
  maskFallbackLowest: boolean;
  resetKeepsDeployment: boolean;
  solverPrefersGroup: boolean;
  latencyFastestClass: boolean;
  infeasibleReturnsMinimum: boolean;
  latencyBudgetIgnored: boolean;
  ledgerScoresAllTiers: boolean;
  degradeGroupFirst: boolean;
  costCapUnchecked: boolean;
  costRouterUncharged: boolean;
  costOmitsShared: boolean;
}

export const NO_BUDGET_FAULTS: Readonly<BudgetBehaviour> = Object.freeze({
  tierSetIgnored: false, defaultTierSetIgnored: false, duplicatesAccepted: false, hardwareIgnored: false,
  hardwareFallbackAll: false, maskFallbackLowest: false, resetKeepsDeployment: false, solverPrefersGroup: false,
  latencyFastestClass: false, infeasibleReturnsMinimum: false, latencyBudgetIgnored: false, ledgerScoresAllTiers: false,
  degradeGroupFirst: false, costCapUnchecked: false, costRouterUncharged: false, costOmitsShared: false,
});

export function budgetBehaviour(faults: FaultSet): BudgetBehaviour {
  return {
    // FAULT budget.tierset-ignored: a checked tier set does not restrict routing.
    tierSetIgnored: faults.has('budget.tierset-ignored'),
    // FAULT budget.default-tierset-ignored: requests without a tier set route over every servable tier.
    defaultTierSetIgnored: faults.has('budget.default-tierset-ignored'),
    // FAULT budget.tierset-duplicates-accepted: repeated tiers are merged instead of refused.
    duplicatesAccepted: faults.has('budget.tierset-duplicates-accepted'),
    // FAULT budget.hardware-ignored: tiers on unavailable hardware remain in the tier set.
    hardwareIgnored: faults.has('budget.hardware-ignored'),
    // FAULT budget.hardware-fallback-all: no servable tier falls back to the whole set.
    hardwareFallbackAll: faults.has('budget.hardware-fallback-all'),
    // FAULT budget.mask-fallback-lowest: masked top-k picks become the lowest allowed tiers not picked.
    maskFallbackLowest: faults.has('budget.mask-fallback-lowest'),
    // FAULT budget.reset-keeps-deployment: the control reset keeps the deployment.
    resetKeepsDeployment: faults.has('budget.reset-keeps-deployment'),
    // FAULT budget.solver-prefers-group: ties in routed experts go to the larger group k.
    solverPrefersGroup: faults.has('budget.solver-prefers-group'),
    // FAULT budget.latency-fastest-class: expert latency is predicted at the fastest class of the tier set.
    latencyFastestClass: faults.has('budget.latency-fastest-class'),
    // FAULT budget.infeasible-returns-minimum: an infeasible budget yields the cheapest routing instead of an error.
    infeasibleReturnsMinimum: faults.has('budget.infeasible-returns-minimum'),
    // FAULT budget.latency-budget-ignored: requests route at full k whatever their latency budget.
    latencyBudgetIgnored: faults.has('budget.latency-budget-ignored'),
    // FAULT budget.ledger-scores-all-tiers: masked tiers are scored and charged too.
    ledgerScoresAllTiers: faults.has('budget.ledger-scores-all-tiers'),
    // FAULT budget.degrade-group-first: degradation lowers group k before expert k.
    degradeGroupFirst: faults.has('budget.degrade-group-first'),
    // FAULT budget.cost-cap-unchecked: a cap below the cheapest routing is not refused.
    costCapUnchecked: faults.has('budget.cost-cap-unchecked'),
    // FAULT budget.cost-router-uncharged: charged cost counts expert multiply-adds only.
    costRouterUncharged: faults.has('budget.cost-router-uncharged'),
    // FAULT budget.cost-omits-shared: the cost per token leaves out the shared expert.
    costOmitsShared: faults.has('budget.cost-omits-shared'),
  };
}
