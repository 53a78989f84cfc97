// TierSet selection (SPEC-041 §4.2): the tiers a request may route to are its own tier set, else the deployment's
// default for the model, else every tier; the set is checked against the model, then narrowed to the tiers whose
// hardware class is available.

import { RuntimeError } from '../../errors.ts';
import type { DescriptorV2 } from '../../model/manifest-types.ts';
import type { Deployment } from './deployment.ts';

/** REQ-041-003: a non-empty set of distinct tiers of the model, returned ascending; else E_ROUTING_TIERSET. */
export function checkTierSet(set: readonly number[], tiers: number, mergeRepeats = false): number[] {
  if (set.length === 0) throw new RuntimeError('E_ROUTING_TIERSET', 'a tier set names at least one tier');
  const outside = set.find((t) => !Number.isInteger(t) || t < 0 || t >= tiers);
  if (outside !== undefined) throw new RuntimeError('E_ROUTING_TIERSET', `tier ${outside} is not a tier of the model (0..${tiers - 1})`);
  const distinct = [...new Set(set)].sort((a, b) => a - b);
  if (distinct.length !== set.length && !mergeRepeats) throw new RuntimeError('E_ROUTING_TIERSET', 'a tier set names each tier once');
  return distinct;
}

export interface SelectedTiers {
  /** The checked tier set the request asked for (or the default), ascending. */
  requested: number[];
  /** Those of them served by available hardware, ascending: the tiers routing may select. */
  servable: number[];
}

/** REQ-041-001, REQ-041-002, REQ-041-004, REQ-041-005. */
export function selectTiers(descriptor: DescriptorV2, modelId: string, tierSet: readonly number[] | undefined, deployment: Deployment): SelectedTiers {
  const T = descriptor.hierarchy.tiers;
  const b = deployment.behaviour;
  const fallback = b.defaultTierSetIgnored ? null : deployment.defaultTierSet(modelId);
  const asked = tierSet ?? fallback;
  const requested = asked === null ? Array.from({ length: T }, (_, t) => t) : checkTierSet(asked, T, b.duplicatesAccepted);
  const servable = b.hardwareIgnored ? requested : requested.filter((t) => deployment.classOf(modelId, t).available);
  if (servable.length > 0) return { requested, servable };
  if (b.hardwareFallbackAll) return { requested, servable: requested };
  throw new RuntimeError('E_ROUTING_HARDWARE', `no tier of ${requested.join(',')} is served by an available hardware class`);
}
