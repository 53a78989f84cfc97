// The active-compute formula of SPEC-005 (contract-core §3), per token, from a formatVersion 2 descriptor. The
// forward pass counts what its kernels execute; this closed form is what the runtime declares and enforces at load
// (E_COMPUTE_BOUND), and what the tests compare the executed counts with.

import type { DescriptorV2 } from './manifest-types.ts';

export interface TokenFlops {
  attention: number;
  router: number;
  experts: number;
  output: number;
  total: number;
}

/** FLOPs (a multiply-add counts 2) of the token at `position` (0-based) through the whole model. */
export function tokenFlops(descriptor: DescriptorV2, position: number): TokenFlops {
  const { dModel: d, layers, dFF, vocab, sharedExpert } = descriptor;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  const { tier: kT, group: kG, expert: kE } = descriptor.topK;
  const attention = layers * (8 * d * d + 4 * d * (position + 1));
  const router = layers * 2 * d * (T + kT * G + kT * kG * E);
  // Per layer the routed experts cost k_T*k_G*k_E FFNs whatever T, G, E are: active compute is bounded by k.
  const experts = layers * (kT * kG * kE + (sharedExpert ? 1 : 0)) * 6 * d * dFF;
  const output = 2 * d * vocab;
  return { attention, router, experts, output, total: attention + router + experts + output };
}

/** Parameter bytes (F32) one token reads through the whole model (contract-core §3). */
export function tokenParameterBytes(descriptor: DescriptorV2): number {
  const { dModel: d, layers, dFF, vocab, sharedExpert } = descriptor;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  const { tier: kT, group: kG, expert: kE } = descriptor.topK;
  const perLayer = 2 * d + 4 * d * d + d * (T + kT * G + kT * kG * E) + (kT * kG * kE + (sharedExpert ? 1 : 0)) * 3 * d * dFF;
  return 4 * (d + layers * perLayer + d + vocab * d);
}

/** The largest per-token FLOPs of the model: the last position of a maxSeq-long sequence. */
export function peakTokenFlops(descriptor: DescriptorV2): number {
  return tokenFlops(descriptor, descriptor.maxSeq - 1).total;
}
