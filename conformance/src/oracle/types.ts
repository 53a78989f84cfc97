// Shapes the oracle works on and produces; they mirror the contract's descriptor and RouteResult exactly
// (SPEC-000 §conformance models, SPEC-003) so expected values compare field by field with a runtime's answer.
import type { RoutingLevel } from './prng.ts';

export interface TieOverride {
  layer: number;
  level: RoutingLevel;
  /** Row `to` of the level's router tensor becomes a copy of row `from` (flat row indices). */
  copy: { from: number; to: number };
}

export interface ModelDescriptor {
  family: 'litellm-conformance';
  formatVersion: 1;
  name: string;
  /** Model seed, u64 as a canonical decimal string. */
  seed: string;
  dModel: number;
  layers: number;
  hierarchy: { tiers: number; groupsPerTier: number; expertsPerGroup: number };
  topK: { tier: number; group: number; expert: number };
  ties?: TieOverride[];
}

/**
 * A formatVersion 2 descriptor (contract-core §1, SPEC-004): the v1 router fields plus a decoder-only transformer
 * around them. Only v2 models can run the forward pass.
 */
export interface ForwardDescriptor {
  family: 'litellm-conformance';
  formatVersion: 2;
  name: string;
  seed: string;
  dModel: number;
  layers: number;
  hierarchy: { tiers: number; groupsPerTier: number; expertsPerGroup: number };
  topK: { tier: number; group: number; expert: number };
  ties?: TieOverride[];
  /** Token vocabulary size (256 for byte-level models). */
  vocab: number;
  /** Attention heads; dModel / heads is even. */
  heads: number;
  /** Hidden size of every expert FFN (and of the shared expert). */
  dFF: number;
  sharedExpert: boolean;
  ropeBase: number;
  maxSeq: number;
}

/** Any descriptor version: what routing and router-tensor generation accept. */
export type RouterDescriptor = ModelDescriptor | ForwardDescriptor;

export interface ExpectedTierRoute {
  tier: number;
  score: number;
  gate: number;
}

export interface ExpectedGroupRoute {
  tier: number;
  group: number;
  /** Global group id t*G+g. */
  id: number;
  score: number;
  gate: number;
}

export interface ExpectedExpertRoute {
  tier: number;
  group: number;
  expert: number;
  /** Global expert id (t*G+g)*E+e. */
  id: number;
  score: number;
  /** Product tier gate × group gate × expert softmax weight. */
  gate: number;
}

export interface ExpectedTokenRoute {
  tiers: ExpectedTierRoute[];
  groups: ExpectedGroupRoute[];
  experts: ExpectedExpertRoute[];
  digest: string;
}

export interface ExpectedRouteResult {
  model: string;
  layer: number;
  seed: string;
  tokens: ExpectedTokenRoute[];
  digest: string;
}

/** Router tensors of a model by tensor name, each row-major float32. */
export type RouterTensors = ReadonlyMap<string, Float32Array>;
