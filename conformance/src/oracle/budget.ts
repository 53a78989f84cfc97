// Budget-aware routing (SPEC-041, SPEC-042, SPEC-048), the oracle's plain version: tier-set checks and hardware
// restriction, per-token routing work, cost and predicted latency, the cost degradation sequence and the latency
// solver by exhaustive enumeration (every candidate priced, the feasible ones sorted by the choice rule).
import type { OracleRoutingPolicy } from './routing.ts';
import type { ForwardDescriptor } from './types.ts';

/** The SPEC-007 codes a budgeted request can fail with, as the oracle predicts them. */
export type BudgetErrorCode = 'E_ROUTING_TIERSET' | 'E_ROUTING_HARDWARE' | 'E_BUDGET_INFEASIBLE' | 'E_BUDGET_COST';

export class BudgetOracleError extends Error {
  readonly code: BudgetErrorCode;

  constructor(code: BudgetErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

export interface OracleCostModel {
  routerCostPerMultiplyAdd: number;
  expertCostPerMultiplyAdd: number;
  routerNsPerMultiplyAdd: number;
  fixedLatencyMs: number;
}

export interface OracleDeployment {
  hardwareClasses: { name: string; available: boolean; expertNsPerMultiplyAdd: number }[];
  defaultHardwareClass: string;
  models: { model: string; tierHardware: string[]; defaultTierSet: number[] | null }[];
  costModel: OracleCostModel;
}

/** SPEC-041 §4.1: the deployment in force when none was set. */
export const DEFAULT_DEPLOYMENT: OracleDeployment = {
  hardwareClasses: [{ name: 'reference', available: true, expertNsPerMultiplyAdd: 1 }],
  defaultHardwareClass: 'reference',
  models: [],
  costModel: { routerCostPerMultiplyAdd: 1, expertCostPerMultiplyAdd: 1, routerNsPerMultiplyAdd: 1, fixedLatencyMs: 0 },
};

export interface OracleTopK {
  tier: number;
  group: number;
  expert: number;
}

/** One priced routing. */
export interface OracleRouting {
  topK: OracleTopK;
  tierSet: number[];
  routerMultiplyAdds: number;
  expertMultiplyAdds: number;
  costPerToken: number;
  latencyMs: number;
}

function hardwareOf(deployment: OracleDeployment, model: string, tier: number) {
  const entry = deployment.models.find((m) => m.model === model);
  const name = entry !== undefined && tier < entry.tierHardware.length ? entry.tierHardware[tier] : deployment.defaultHardwareClass;
  const found = deployment.hardwareClasses.find((c) => c.name === name);
  if (found === undefined) throw new Error(`the deployment names an undeclared hardware class ${name}`);
  return found;
}

/** SPEC-041 §4.2: the tiers a request may route to, or the error it gets. */
export function servableTiers(descriptor: ForwardDescriptor, model: string, tierSet: readonly number[] | undefined, deployment: OracleDeployment): number[] {
  const T = descriptor.hierarchy.tiers;
  const asked = tierSet ?? deployment.models.find((m) => m.model === model)?.defaultTierSet ?? null;
  let requested: number[];
  if (asked === null) {
    requested = Array.from({ length: T }, (_, t) => t);
  } else {
    if (asked.length === 0) throw new BudgetOracleError('E_ROUTING_TIERSET', 'empty tier set');
    for (const t of asked) if (!Number.isInteger(t) || t < 0 || t >= T) throw new BudgetOracleError('E_ROUTING_TIERSET', `tier ${t} is not a tier of the model`);
    if (new Set(asked).size !== asked.length) throw new BudgetOracleError('E_ROUTING_TIERSET', 'a tier is named twice');
    requested = [...asked].sort((a, b) => a - b);
  }
  const servable = requested.filter((t) => hardwareOf(deployment, model, t).available);
  if (servable.length === 0) throw new BudgetOracleError('E_ROUTING_HARDWARE', 'no tier of the set is on available hardware');
  return servable;
}

/** SPEC-048 §4.1 and SPEC-042 §4.2 for k on a tier set. */
export function priceRouting(descriptor: ForwardDescriptor, model: string, topK: OracleTopK, tierSet: readonly number[], deployment: OracleDeployment): OracleRouting {
  const { dModel: d, layers: L, dFF: F } = descriptor;
  const { groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  const sigma = descriptor.sharedExpert ? 1 : 0;
  const R = L * d * (tierSet.length + topK.tier * G + topK.tier * topK.group * E);
  const X = L * (topK.tier * topK.group * topK.expert + sigma) * 3 * d * F;
  const c = deployment.costModel;
  let slowest = 0;
  for (const t of tierSet) slowest = Math.max(slowest, hardwareOf(deployment, model, t).expertNsPerMultiplyAdd);
  return {
    topK: { ...topK },
    tierSet: [...tierSet],
    routerMultiplyAdds: R,
    expertMultiplyAdds: X,
    costPerToken: R * c.routerCostPerMultiplyAdd + X * c.expertCostPerMultiplyAdd,
    latencyMs: c.fixedLatencyMs + (R * c.routerNsPerMultiplyAdd + X * slowest) / 1e6,
  };
}

/** SPEC-048 §4.3: expert k down to 1, then group k, then tier k. */
export function degradationOrder(full: OracleTopK): OracleTopK[] {
  const out = [{ ...full }];
  for (let e = full.expert - 1; e >= 1; e -= 1) out.push({ tier: full.tier, group: full.group, expert: e });
  for (let g = full.group - 1; g >= 1; g -= 1) out.push({ tier: full.tier, group: g, expert: 1 });
  for (let t = full.tier - 1; t >= 1; t -= 1) out.push({ tier: t, group: 1, expert: 1 });
  return out;
}

function fullTopK(descriptor: ForwardDescriptor, tiers: number): OracleTopK {
  return { tier: Math.min(descriptor.topK.tier, tiers), group: descriptor.topK.group, expert: descriptor.topK.expert };
}

/** Every routing the latency solver considers: each speed-nested tier set with every k up to the descriptor's. */
function candidates(descriptor: ForwardDescriptor, model: string, servable: readonly number[], deployment: OracleDeployment): OracleRouting[] {
  const speed = (t: number) => hardwareOf(deployment, model, t).expertNsPerMultiplyAdd;
  const speeds = [...new Set(servable.map(speed))].sort((a, b) => a - b);
  const out: OracleRouting[] = [];
  for (const v of speeds) {
    const set = servable.filter((t) => speed(t) <= v);
    const full = fullTopK(descriptor, set.length);
    for (let t = 1; t <= full.tier; t += 1) {
      for (let g = 1; g <= full.group; g += 1) {
        for (let e = 1; e <= full.expert; e += 1) out.push(priceRouting(descriptor, model, { tier: t, group: g, expert: e }, set, deployment));
      }
    }
  }
  return out;
}

/** SPEC-042 §4.3 choice rule as a sort key, larger first. */
function choiceKey(r: OracleRouting): number[] {
  return [r.topK.tier * r.topK.group * r.topK.expert, r.topK.expert, r.topK.group, r.topK.tier, r.tierSet.length];
}

function byChoice(a: OracleRouting, b: OracleRouting): number {
  const [x, y] = [choiceKey(a), choiceKey(b)];
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
}

/** The routing a request with this tier set and budget gets (SPEC-041 §4.2, SPEC-042 §4.3, SPEC-048 §4.3). */
export function expectedRouting(
  descriptor: ForwardDescriptor,
  model: string,
  request: { tierSet?: readonly number[]; latencyMs?: number; maxCost?: number },
  deployment: OracleDeployment,
): OracleRouting {
  const servable = servableTiers(descriptor, model, request.tierSet, deployment);
  const { latencyMs, maxCost } = request;
  if (latencyMs !== undefined) {
    const all = candidates(descriptor, model, servable, deployment);
    if (maxCost !== undefined && Math.min(...all.map((r) => r.costPerToken)) > maxCost) throw new BudgetOracleError('E_BUDGET_COST', 'below every routing');
    const feasible = all.filter((r) => r.latencyMs <= latencyMs && (maxCost === undefined || r.costPerToken <= maxCost)).sort(byChoice);
    const best = feasible[0];
    if (best === undefined) throw new BudgetOracleError('E_BUDGET_INFEASIBLE', 'no routing meets the latency budget');
    return best;
  }
  const full = fullTopK(descriptor, servable.length);
  if (maxCost === undefined) return priceRouting(descriptor, model, full, servable, deployment);
  for (const k of degradationOrder(full)) {
    const priced = priceRouting(descriptor, model, k, servable, deployment);
    if (priced.costPerToken <= maxCost) return priced;
  }
  throw new BudgetOracleError('E_BUDGET_COST', 'even k 1/1/1 is above the cap');
}

/** The routing policy a routing stands for. */
export function policyOf(descriptor: ForwardDescriptor, routing: OracleRouting): OracleRoutingPolicy {
  return { topK: routing.topK, allowedTiers: routing.tierSet.length === descriptor.hierarchy.tiers ? null : routing.tierSet };
}

/** SPEC-048 §4.4: the cost of a generation that executed `rows` forward rows under `routing`. */
export function generationCost(routing: OracleRouting, rows: number): number {
  let total = 0;
  for (let i = 0; i < rows; i += 1) total += routing.costPerToken;
  return total;
}
