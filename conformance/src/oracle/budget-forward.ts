// The forward pass of contract-core §2 under a routing policy (SPEC-041 §4.3): the oracle's forward pass, each
// token's routing at each layer selected by selectUnderPolicy (allowed tiers only, the policy's k), so that traces of
// masked or lowered routing can be compared with the runtime's wherever they are well separated (SPEC-003 §4.9).
import { BINARY64, dot, type Arithmetic } from './arithmetic.ts';
import { forwardWithRouter } from './forward.ts';
import { requireTensor, type ForwardModel, type ForwardSequenceResult } from './forward-types.ts';
import { selectUnderPolicy, type OracleRoutingPolicy } from './routing.ts';

/** One sequence through the model with every layer routed under `policy`; margins as the forward oracle reports them. */
export function forwardUnderPolicy(
  model: ForwardModel,
  tokens: readonly number[],
  policy: OracleRoutingPolicy,
  routingSeed: bigint,
  ar: Arithmetic = BINARY64,
): ForwardSequenceResult {
  const { dModel: d, hierarchy } = model.descriptor;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = hierarchy;
  return forwardWithRouter(ar, model, tokens, (layer, a) => {
    const weights = {
      tier: requireTensor(model, `layers.${layer}.router.tier.weight`, T * d),
      group: requireTensor(model, `layers.${layer}.router.group.weight`, T * G * d),
      expert: requireTensor(model, `layers.${layer}.router.expert.weight`, T * G * E * d),
    };
    return selectUnderPolicy(hierarchy, policy, (level, row) => dot(ar, weights[level], row * d, a, d), { routingSeed, layer });
  });
}
