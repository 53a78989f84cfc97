// Turning a model into a tiered one (SPEC-021 §4.2). A fetched or builtin model arrives with its stacked expert
// tensors verified and decoded: its experts are staged into the cold tier (within its budget) and the stacked
// tensors are dropped, so the archive, cold files and the hot/warm budgets hold them from then on. A procedural
// model never has stacked tensors: everything but the routed experts is generated at load, and each expert is
// generated from the seed the first time a token is routed to it.

import type { Clock } from '../../clock.ts';
import { canonicalJson } from '../../model/canonical-json.ts';
import { routerRows, ROUTING_LEVELS, routerTensorName, type DescriptorV2, type Manifest } from '../../model/manifest-types.ts';
import { layerTensorNames, parameterCount, shardTensorSpecs } from '../../model/tensor-layout.ts';
import { assembleTransformer, type ModelWeights } from '../../model/transformer-weights.ts';
import { generateTensors } from '../../model/weight-generator.ts';
import { ColdTier } from './cold-tier.ts';
import { ProceduralArchive, type ExpertArchive } from './expert-archive.ts';
import { payloadBytes, payloadElements, sliceStacked, type ExpertShape } from './expert-payload.ts';
import { checkHotBudget, ExpertStore, type TierBudgets } from './expert-store.ts';
import { ExpertPrefetcher } from './expert-prefetch.ts';
import { TieredExperts } from './layer-experts.ts';
import { RangeArchive } from './range-archive.ts';
import { CONFORMING_TIERS, type TierBehaviour } from './tier-faults.ts';

export interface TierSetup {
  budgets: TierBudgets;
  /** The model's own directory for cold files (removed when the model is unloaded). */
  coldDir: string;
  clock: Clock;
  behaviour: TierBehaviour;
}

export function expertShape(descriptor: DescriptorV2): ExpertShape {
  return { d: descriptor.dModel, dFF: descriptor.dFF };
}

/** Routed experts per layer (T·G·E). */
export function expertsPerLayer(descriptor: DescriptorV2): number {
  return routerRows(descriptor.hierarchy, 'expert');
}

/**
 * Bytes a tiered model holds resident (SPEC-006 charge, REQ-021-005): every non-expert parameter, the hot slots
 * (whole experts) and the warm budget. Cold files are disk, not memory.
 */
export function tieredResidentBytes(descriptor: DescriptorV2, budgets: TierBudgets, behaviour: TierBehaviour = CONFORMING_TIERS): number {
  const shape = expertShape(descriptor);
  const expertParams = descriptor.layers * expertsPerLayer(descriptor) * payloadElements(shape);
  const hot = Math.floor(budgets.hotBytes / payloadBytes(shape)) * payloadBytes(shape);
  return 4 * (parameterCount(descriptor) - expertParams) + hot + (behaviour.chargeOmitsWarm ? 0 : budgets.warmBytes);
}

/** Budgets of a procedural model loaded without any: 256 MiB hot, 256 MiB warm, 1 GiB of cold files. */
export const DEFAULT_PROCEDURAL_BUDGETS: Readonly<TierBudgets> = Object.freeze({ hotBytes: 256 * 2 ** 20, warmBytes: 256 * 2 ** 20, coldBytes: 2 ** 30 });

/** E_STORAGE_BUDGET unless the hot tier holds at least one expert (REQ-021-004); checked before any fetch. */
export function checkTierBudgets(descriptor: DescriptorV2, budgets: TierBudgets, behaviour: TierBehaviour = CONFORMING_TIERS): void {
  checkHotBudget(budgets.hotBytes, payloadBytes(expertShape(descriptor)), behaviour, ` of ${descriptor.name}`);
}

function createStore(descriptor: DescriptorV2, setup: TierSetup, archive: ExpertArchive): ExpertStore {
  const shape = expertShape(descriptor);
  return new ExpertStore({
    shape, layers: descriptor.layers, expertsPerLayer: expertsPerLayer(descriptor), budgets: setup.budgets,
    cold: new ColdTier(setup.coldDir, shape), archive, clock: setup.clock, behaviour: setup.behaviour,
  });
}

/**
 * Every layer reads its routed experts from `store`; the stacked tensors are released. A load that asked for
 * `tiers.prefetch` gets the store's prefetcher (SPEC-045), which predicts with the layers' routers.
 */
function attachStore(weights: ModelWeights, store: ExpertStore, descriptor: DescriptorV2, setup: TierSetup): ModelWeights {
  const transformer = weights.transformer!;
  const empty = new Float32Array(0);
  const limit = setup.budgets.prefetch?.experts ?? 0;
  const routers = transformer.layers.map((layer) => layer.router);
  store.prefetcher = limit > 0 ? new ExpertPrefetcher(descriptor, routers, store, limit, setup.behaviour.prefetch) : null;
  const layers = transformer.layers.map((layer, index) => ({ ...layer, w1: empty, w3: empty, w2: empty, experts: new TieredExperts(store, index, store.prefetcher) }));
  return { ...weights, transformer: { ...transformer, layers }, tiers: store };
}

/**
 * Tiers a decoded model: its experts are staged cold, layer by layer, in expert order, each while it fits what is
 * left of coldBytes (REQ-021-003); nothing is loaded hot or warm before a forward pass asks for it (REQ-026-001).
 */
export async function tierDecodedModel(descriptor: DescriptorV2, weights: ModelWeights, setup: TierSetup, archive: ExpertArchive): Promise<ModelWeights> {
  const store = createStore(descriptor, setup, archive);
  const shape = expertShape(descriptor);
  const perLayer = expertsPerLayer(descriptor);
  try {
    for (const [layer, stacked] of weights.transformer!.layers.entries()) {
      if (archive instanceof RangeArchive) archive.recordVerifiedLayer(layer, stacked);
      const batch = Array.from({ length: perLayer }, (_, expert) => ({ ref: { layer, expert }, payload: sliceStacked(stacked.w1, stacked.w3, stacked.w2, expert, shape) }));
      await store.stageAtLoad(batch);
    }
    if (setup.behaviour.eagerLoad) {
      const lease = await store.acquire(0, Int32Array.from({ length: Math.min(store.capacity, perLayer) }, (_, expert) => expert));
      lease.release();
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return attachStore(weights, store, descriptor, setup);
}

/** The builtin procedural models (SPEC-021 §4.5): d 64, dFF 2048, two layers, k 1/2/2, seed 0; about 10^8 and 10^12 parameters. */
export const PROCEDURAL_MODELS: Readonly<Record<string, DescriptorV2>> = Object.freeze({
  'procedural-1e8': proceduralDescriptor('procedural-1e8', { tiers: 4, groupsPerTier: 4, expertsPerGroup: 8 }),
  'procedural-1e12': proceduralDescriptor('procedural-1e12', { tiers: 64, groupsPerTier: 128, expertsPerGroup: 156 }),
});

function proceduralDescriptor(name: string, hierarchy: DescriptorV2['hierarchy']): DescriptorV2 {
  return {
    family: 'litellm-conformance', formatVersion: 2, name, seed: '0', dModel: 64, layers: 2, hierarchy,
    topK: { tier: 1, group: 2, expert: 2 }, vocab: 256, heads: 4, dFF: 2048, sharedExpert: false, ropeBase: 10000, maxSeq: 64,
  };
}

/** A procedural model's manifest (no shards: nothing is stored) and its SPEC-001 §4.5 digest. */
export function proceduralManifest(descriptor: DescriptorV2, sha256: (text: string) => string): { manifest: Manifest; digest: string } {
  return { manifest: { formatVersion: 1, family: 'litellm-conformance', descriptor, shards: [] }, digest: sha256(canonicalJson(descriptor)) };
}

/** Generates everything but the routed experts, which the store generates on first use. */
export function proceduralWeights(descriptor: DescriptorV2, setup: TierSetup): ModelWeights {
  const tensors = new Map<string, Float32Array>();
  const empty = new Float32Array(0);
  for (const layer of [null, ...Array.from({ length: descriptor.layers }, (_, l) => l)]) {
    const names = layer === null ? null : layerTensorNames(layer);
    const expertNames = new Set(names === null ? [] : [names.w1, names.w3, names.w2]);
    const specs = shardTensorSpecs(descriptor, layer).filter((spec) => !expertNames.has(spec.name));
    for (const [name, values] of generateTensors(descriptor, specs)) tensors.set(name, values);
    for (const name of expertNames) tensors.set(name, empty);
  }
  const layers = Array.from({ length: descriptor.layers }, (_, layer) => {
    const [tier, group, expert] = ROUTING_LEVELS.map((level) => tensors.get(routerTensorName(layer, level))!);
    return { tier: tier!, group: group!, expert: expert! };
  });
  const store = createStore(descriptor, setup, new ProceduralArchive(descriptor));
  return attachStore({ layers, transformer: assembleTransformer(descriptor, tensors, layers) }, store, descriptor, setup);
}
