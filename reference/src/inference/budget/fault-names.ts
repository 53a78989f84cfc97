// Fault switches of the budget area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const BUDGET_FAULT_NAMES = [
  // inference/budget/index.ts: a request's tier set is checked but routing may use every tier (REQ-041-001).
  'budget.tierset-ignored',
  // inference/budget/tier-set.ts: a request without a tier set ignores the deployment's default (REQ-041-002).
  'budget.default-tierset-ignored',
  // inference/budget/tier-set.ts: a tier set that repeats a tier is taken once each instead of E_ROUTING_TIERSET (REQ-041-003).
  'budget.tierset-duplicates-accepted',
  // inference/budget/tier-set.ts: tiers served by unavailable hardware classes stay selectable (REQ-041-004).
  'budget.hardware-ignored',
  // inference/budget/tier-set.ts: when no tier of the set is servable, the whole set is used instead of E_ROUTING_HARDWARE (REQ-041-005).
  'budget.hardware-fallback-all',
  // forward/moe-router.ts: top k over every tier, masked picks replaced by the lowest allowed tier not picked (REQ-041-006).
  'budget.mask-fallback-lowest',
  // inference/budget/deployment.ts: the control reset leaves the deployment as it was set (REQ-041-007).
  'budget.reset-keeps-deployment',
  // inference/budget/latency-solver.ts: at equal routed experts the solver prefers the larger group k (REQ-042-001).
  'budget.solver-prefers-group',
  // inference/budget/cost-model.ts: predicted expert latency uses the fastest hardware class of the tier set (REQ-042-002).
  'budget.latency-fastest-class',
  // inference/budget/latency-solver.ts: an infeasible latency budget answers k 1/1/1 on the fastest tiers (REQ-042-003).
  'budget.infeasible-returns-minimum',
  // inference/budget/index.ts: a request's latency budget is ignored when routing (the solve route still answers) (REQ-042-004).
  'budget.latency-budget-ignored',
  // forward/moe-router.ts: every tier is scored and charged under a tier mask (REQ-048-001).
  'budget.ledger-scores-all-tiers',
  // inference/budget/latency-solver.ts: the cost cap lowers group k before expert k (REQ-048-002).
  'budget.degrade-group-first',
  // inference/budget/latency-solver.ts: a cost cap below the cheapest routing routes with k 1/1/1 anyway (REQ-048-003).
  'budget.cost-cap-unchecked',
  // inference/budget/cost-model.ts: the cost charged for a generation leaves out router multiply-adds (REQ-048-004).
  'budget.cost-router-uncharged',
  // inference/budget/cost-model.ts: the cost per token leaves out the shared expert (REQ-048-005).
  'budget.cost-omits-shared',
] as const;
