// Shapes of the conformance model descriptor and manifest (schemas/model/*.schema.json, SPEC-004).
// Values of these types have passed schema validation and the cross-field checks in manifest.ts.

import type { RoutingLevel } from '../numeric/stream-key.ts';

export interface Hierarchy {
  tiers: number;
  groupsPerTier: number;
  expertsPerGroup: number;
}

export interface TopK {
  tier: number;
  group: number;
  expert: number;
}

export interface TieSpec {
  layer: number;
  level: RoutingLevel;
  copy: { from: number; to: number };
}

interface DescriptorBase {
  family: 'litellm-conformance';
  name: string;
  seed: string;
  dModel: number;
  layers: number;
  hierarchy: Hierarchy;
  topK: TopK;
  ties?: TieSpec[];
}

/** A router-only model (formatVersion 1): routing works, the forward pass does not. */
export interface DescriptorV1 extends DescriptorBase {
  formatVersion: 1;
}

/** The transformer fields a formatVersion 2 descriptor adds around the router (SPEC-004 extension). */
export interface TransformerShape {
  vocab: number;
  heads: number;
  dFF: number;
  sharedExpert: boolean;
  ropeBase: number;
  maxSeq: number;
}

/** A full decoder-only transformer whose FFN blocks are HSER MoE layers (formatVersion 2). */
export interface DescriptorV2 extends DescriptorBase, TransformerShape {
  formatVersion: 2;
}

export type Descriptor = DescriptorV1 | DescriptorV2;

export function isTransformerDescriptor(descriptor: Descriptor): descriptor is DescriptorV2 {
  return descriptor.formatVersion === 2;
}

export interface ShardEntry {
  path: string;
  size: number;
  sha256: string;
  tensors: string[];
}

export interface Manifest {
  formatVersion: 1 | 2;
  family: 'litellm-conformance';
  descriptor: Descriptor;
  shards: ShardEntry[];
}

export const ROUTING_LEVELS: readonly RoutingLevel[] = ['tier', 'group', 'expert'];

/** Rows of the router tensor of one level: T, T*G or T*G*E (contract §2). */
export function routerRows(hierarchy: Hierarchy, level: RoutingLevel): number {
  const { tiers, groupsPerTier, expertsPerGroup } = hierarchy;
  if (level === 'tier') return tiers;
  if (level === 'group') return tiers * groupsPerTier;
  return tiers * groupsPerTier * expertsPerGroup;
}

export function routerTensorName(layer: number, level: RoutingLevel): string {
  return `layers.${layer}.router.${level}.weight`;
}

const ROUTER_TENSOR_NAME = /^layers\.(0|[1-9][0-9]*)\.router\.(tier|group|expert)\.weight$/;

/** The layer and level a router tensor name denotes, or null for any other name. */
export function parseRouterTensorName(name: string): { layer: number; level: RoutingLevel } | null {
  const match = ROUTER_TENSOR_NAME.exec(name);
  if (match === null) return null;
  return { layer: Number(match[1]), level: match[2] as RoutingLevel };
}
