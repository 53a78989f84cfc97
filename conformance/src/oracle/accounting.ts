// Compute and parameter accounting of contract-core §3 (SPEC-005), as plain formulas. A multiply-add counts as
// 2 FLOPs; norms and elementwise work are not counted. Values are exact while they stay below 2^53.
import { parameterCount } from './descriptor.ts';
import type { ForwardDescriptor, RouterDescriptor } from './types.ts';

/** Bytes per stored parameter (F32). */
export const PARAMETER_BYTES = 4;

export interface TokenFlops {
  /** Projections and core, summed over layers. */
  attention: number;
  router: number;
  /** Routed experts plus the shared expert, summed over layers. */
  experts: number;
  output: number;
  total: number;
}

/** Wq, Wk, Wv, Wo: 8·d² per token per layer. */
export function attentionProjectionFlops(d: ForwardDescriptor): number {
  return 8 * d.dModel * d.dModel;
}

/** Scores and weighted sum for the token at `position`: 4·d·(position + 1) per layer. */
export function attentionCoreFlops(d: ForwardDescriptor, position: number): number {
  return 4 * d.dModel * (position + 1);
}

/** Router rows scored per token per layer: T + kT·G + kT·kG·E. */
export function routerRowsScored(d: RouterDescriptor): number {
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = d.hierarchy;
  const k = d.topK;
  return T + k.tier * G + k.tier * k.group * E;
}

/** 2·d·(T + kT·G + kT·kG·E) per token per layer. */
export function routerFlops(d: RouterDescriptor): number {
  return 2 * d.dModel * routerRowsScored(d);
}

/** Selected experts per token per layer: kT·kG·kE. */
export function selectedExperts(d: RouterDescriptor): number {
  return d.topK.tier * d.topK.group * d.topK.expert;
}

/** Routed experts only: kT·kG·kE · 6·d·dFF per token per layer — independent of T, G and E. */
export function activeExpertFlops(d: ForwardDescriptor): number {
  return selectedExperts(d) * 6 * d.dModel * d.dFF;
}

/** 6·d·dFF when the model has a shared expert, else 0. */
export function sharedExpertFlops(d: ForwardDescriptor): number {
  return d.sharedExpert ? 6 * d.dModel * d.dFF : 0;
}

/** Output head: 2·d·vocab per token. */
export function outputFlops(d: ForwardDescriptor): number {
  return 2 * d.dModel * d.vocab;
}

/** FLOPs of the token at `position` (0-based), summed over layers, by part. */
export function tokenFlops(d: ForwardDescriptor, position: number): TokenFlops {
  const attention = d.layers * (attentionProjectionFlops(d) + attentionCoreFlops(d, position));
  const router = d.layers * routerFlops(d);
  const experts = d.layers * (activeExpertFlops(d) + sharedExpertFlops(d));
  const output = outputFlops(d);
  return { attention, router, experts, output, total: attention + router + experts + output };
}

/** The largest per-token total: the token at position maxSeq − 1 (compared with limits.maxActiveFlopsPerToken). */
export function maxTokenFlops(d: ForwardDescriptor): number {
  return tokenFlops(d, d.maxSeq - 1).total;
}

/**
 * Parameter bytes read per token: the embedding row d; per layer norms 2d, attention 4d², router rows
 * d·(T + kT·G + kT·kG·E), 3·d·dFF per selected expert (+ the shared one); final norm d and output vocab·d.
 */
export function tokenParameterBytes(d: ForwardDescriptor): number {
  const m = d.dModel;
  const expertReads = (selectedExperts(d) + (d.sharedExpert ? 1 : 0)) * 3 * m * d.dFF;
  const perLayer = 2 * m + 4 * m * m + m * routerRowsScored(d) + expertReads;
  return PARAMETER_BYTES * (m + d.layers * perLayer + m + d.vocab * m);
}

/** Every parameter of a v2 model: embeddings, per layer norms, attention, routers, experts (+ shared), norm, output. */
export function forwardParameterCount(d: ForwardDescriptor): number {
  const m = d.dModel;
  const experts = d.hierarchy.tiers * d.hierarchy.groupsPerTier * d.hierarchy.expertsPerGroup;
  const ffn = (experts + (d.sharedExpert ? 1 : 0)) * 3 * m * d.dFF;
  const perLayer = 2 * m + 4 * m * m + ffn;
  return d.vocab * m + d.layers * perLayer + parameterCount(d) + m + d.vocab * m;
}

/** Parameters of any descriptor: routers only for version 1, the whole transformer for version 2. */
export function modelParameterCount(d: RouterDescriptor): number {
  return d.formatVersion === 2 ? forwardParameterCount(d) : parameterCount(d);
}

/** Resident bytes of a model (SPEC-006): 4 × its parameter count. */
export function modelParameterBytes(d: RouterDescriptor): number {
  return PARAMETER_BYTES * modelParameterCount(d);
}
