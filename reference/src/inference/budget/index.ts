// Budget-aware routing (SPEC-041, SPEC-042, SPEC-048): from a request's tier set and budget, the deployment's hardware
// and cost model, the routing policy the forward pass runs under, its predicted latency and cost per token, and the
// meter that prices what the pass then executes.

import type { DescriptorV2 } from '../../model/manifest-types.ts';
import type { RouterPolicy } from '../../forward/moe-router.ts';
import { CostMeter } from './cost-model.ts';
import type { Deployment } from './deployment.ts';
import { degradeForCost, fullRouting, solveLatency, type PricingContext, type RoutingChoice } from './latency-solver.ts';
import { selectTiers } from './tier-set.ts';

export { Deployment, type DeploymentDocument, type DeploymentUpdate, type HardwareClass } from './deployment.ts';
export { CostMeter, type CostModel } from './cost-model.ts';
export type { RoutingChoice } from './latency-solver.ts';

/** What a request says about its routing: `tierSet` (SPEC-041) and `budget` (SPEC-042, SPEC-048). */
export interface RoutingRequest {
  tierSet?: readonly number[];
  budget?: { latencyMs?: number; maxCost?: number };
}

export interface ResolvedRouting {
  /** What routeRows runs under (pass it on as it is: fault switches may attach a variant). */
  policy: RouterPolicy;
  /** Predicted per-token latency of the policy under the deployment's cost model (SPEC-042 §4.2). */
  predictedLatencyMs: number | null;
  /** Cost per token of the policy (SPEC-048 §4.1). */
  costPerToken: number;
  /** The tiers the policy may select, ascending. */
  tierSet: number[];
  /** Prices the rows a generation executed, from their ledger figures (usage.cost, SPEC-048 §4.4). */
  meter: CostMeter;
}

/**
 * The routing a request gets, as POST /v1/budget/solve reports it: tier set checks and hardware restriction first,
 * then the latency solver when a latency budget is given, else the cost degradation when a cost cap is given, else
 * the descriptor's k.
 */
export function solveRouting(descriptor: DescriptorV2, request: RoutingRequest, deployment: Deployment, modelId: string = descriptor.name): RoutingChoice {
  const { servable } = selectTiers(descriptor, modelId, request.tierSet, deployment);
  const ctx: PricingContext = {
    descriptor,
    costModel: { ...deployment.costModel },
    expertNs: (t) => deployment.classOf(modelId, t).expertNsPerMultiplyAdd,
    behaviour: deployment.behaviour,
  };
  const { latencyMs, maxCost } = request.budget ?? {};
  if (latencyMs !== undefined) return solveLatency(ctx, servable, latencyMs, maxCost);
  if (maxCost !== undefined) return degradeForCost(ctx, servable, maxCost);
  return fullRouting(ctx, servable);
}

/** The contract entry point: the policy a generation or forward request runs under. */
export function resolveRoutingPolicy(descriptor: DescriptorV2, request: RoutingRequest, deployment: Deployment, modelId: string = descriptor.name): ResolvedRouting {
  const b = deployment.behaviour;
  const budget = b.latencyBudgetIgnored && request.budget !== undefined ? { maxCost: request.budget.maxCost } : request.budget;
  const choice = solveRouting(descriptor, { ...request, ...(budget === undefined ? {} : { budget }) }, deployment, modelId);
  const everyTier = choice.tiers.length === descriptor.hierarchy.tiers;
  const variant = b.maskFallbackLowest || b.ledgerScoresAllTiers ? { variant: { fallbackLowest: b.maskFallbackLowest, scoreAllTiers: b.ledgerScoresAllTiers } } : {};
  const policy: RouterPolicy = {
    topK: choice.topK,
    allowedTiers: everyTier || b.tierSetIgnored ? null : choice.tiers,
    ...variant,
  };
  return { policy, predictedLatencyMs: choice.latencyMs, costPerToken: choice.costPerToken, tierSet: choice.tiers, meter: new CostMeter(deployment.costModel, b) };
}
