// The forward result message (contract-core §4, schemas/protocol/forward-result.schema.json) and what the
// forward pass needs from a model.

import type { DescriptorV2 } from '../model/manifest-types.ts';
import type { TransformerWeights } from '../model/transformer-weights.ts';
import type { ForwardFaults } from './forward-behaviour.ts';
import type { TokenFlopCounts } from './token-ledger.ts';
import type { DispatchRecorder } from '../inference/dispatch/dispatch-recorder.ts';

export interface ForwardModel {
  id: string;
  descriptor: DescriptorV2;
  transformer: TransformerWeights;
}

export interface TracedExpert {
  tier: number;
  group: number;
  expert: number;
  id: number;
  gate: number;
}

export interface LayerRoute {
  layer: number;
  experts: TracedExpert[];
}

export interface ForwardToken {
  digest: string;
  logits?: number[];
  routes?: LayerRoute[];
  flops: TokenFlopCounts;
  parameterBytes: number;
}

export interface ForwardSequence {
  tokens: ForwardToken[];
  digest: string;
}

export interface ForwardResult {
  model: string;
  seed: string;
  sequences: ForwardSequence[];
  digest: string;
}

/**
 * How a request restricts routing (SPEC-041, SPEC-042, SPEC-048): the effective k per level, each between 1 and the
 * descriptor's, and the tiers that may be selected (ascending, distinct; null for every tier). Masked tiers keep
 * their indices: tie keys and expert ids are the model's own.
 */
export interface RoutingPolicy {
  topK: { tier: number; group: number; expert: number };
  allowedTiers: readonly number[] | null;
}

export interface ForwardOptions {
  /** Routing seed for tie keys: the control override or the descriptor seed; echoed in the result. */
  routingSeed: string;
  trace: boolean;
  logits: boolean;
  /** Fault-switch deviations; absent means the conforming pass. */
  faults?: ForwardFaults;
  /** Expert batch capacity, dispatch trace and tier prefetch of the pass (SPEC-044, SPEC-045). */
  dispatch?: DispatchRecorder;
  /** Tier set and k per level the pass routes under (SPEC-041, 042, 048); absent: the descriptor's. */
  policy?: RoutingPolicy;
}
