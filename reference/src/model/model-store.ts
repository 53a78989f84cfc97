// The set of loaded models. A model becomes visible only after every shard has been verified and decoded; any
// failure leaves the set exactly as it was (contract §4). Loads of the same name are serialised so that two
// concurrent requests cannot both create it, and in-flight loads hold a capacity slot and their memory (SPEC-006).

import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { RuntimeLimits } from '../limits.ts';
import { builtinModel, type BuiltinVariant } from './builtin-models.ts';
import type { FetchedManifest, LayerWeights, ModelLoader } from './loader.ts';
import { isTransformerDescriptor, ROUTING_LEVELS, routerRows, type Descriptor, type DescriptorV2, type Manifest } from './manifest-types.ts';
import { budgetFaults, MemoryBudget } from './memory-budget.ts';
import { parameterCount, residentBytes } from './tensor-layout.ts';
import { systemClock, type Clock } from '../clock.ts';
import { StorageRoot } from '../storage/storage-root.ts';
import { ShardArchive, type ExpertArchive } from '../storage/tiers/expert-archive.ts';
import { CONFORMING_TIERS, type ExpertStore, type TierBehaviour, type TierBudgets } from '../storage/tiers/expert-store.ts';
import { generatedLayerFetcher, httpLayerFetcher } from '../storage/tiers/layer-shards.ts';
import { RangeArchive } from '../storage/tiers/range-archive.ts';
import { sweepDeadTierDirs } from '../storage/tiers/tier-dirs.ts';
import {
  checkTierBudgets, DEFAULT_PROCEDURAL_BUDGETS, expertShape, PROCEDURAL_MODELS, proceduralManifest, proceduralWeights, tierDecodedModel,
  tieredResidentBytes, type TierSetup,
} from '../storage/tiers/tiered-model.ts';
import { checkComputeBound, checkDescriptor } from './manifest.ts';
import type { ModelWeights, TransformerWeights } from './transformer-weights.ts';
import { sha256Hex } from '../numeric/sha256-hex.ts';

export interface LoadedModel {
  id: string;
  status: 'ready' | 'failed';
  manifestDigest: string;
  descriptor: Descriptor;
  parameters: number;
  /** Router weights per layer; empty for a model whose load failed (only listed under the model.partial-on-failure fault). */
  layers: LayerWeights[];
  /** The full transformer of a formatVersion 2 model; null for router-only models. */
  transformer: TransformerWeights | null;
  /** Resident parameter bytes charged to the memory budget (0 for a failed load). */
  residentBytes: number;
  /** The tier store of a tiered model (SPEC-021); null when every expert is resident. */
  tiers: ExpertStore | null;
  /** The manifest bytes the model was loaded from (as served, or as generated for a built-in), for snapshots (SPEC-030). */
  manifestBytes: Uint8Array | null;
  /** Successful loads since start when this one completed, itself included (only a fault lets routing read it). */
  loadOrdinal: number;
  /** Successful loads of this manifest digest since start, this one included (only a fault lets forward read it). */
  manifestLoads: number;
}

/** Where tiered models keep their cold files, the clock their load latencies use, and the tier fault deviations. */
export interface ModelTierOptions {
  storage: StorageRoot;
  clock: Clock;
  behaviour: TierBehaviour;
}

function defaultTierOptions(): ModelTierOptions {
  return { storage: new StorageRoot(), clock: systemClock, behaviour: CONFORMING_TIERS };
}

export interface MemoryView {
  budgetBytes: number;
  usedBytes: number;
  models: { id: string; bytes: number }[];
}

export interface LoadOutcome {
  model: LoadedModel;
  /** False when the same name with the same manifest digest was already loaded. */
  created: boolean;
}

function withoutTies(descriptor: Descriptor): Descriptor {
  const { ties: _dropped, ...rest } = descriptor;
  return rest;
}

function expertParameters(descriptor: Descriptor): number {
  return descriptor.layers * routerRows(descriptor.hierarchy, 'expert') * descriptor.dModel;
}

function routerParameters(descriptor: Descriptor): number {
  return descriptor.layers * ROUTING_LEVELS.reduce((sum, level) => sum + routerRows(descriptor.hierarchy, level), 0) * descriptor.dModel;
}

/** The model.parameters-router-only fault: formatVersion 2 counts its router tensors only. */
function routerOnlyParameters(descriptor: Descriptor): number {
  return isTransformerDescriptor(descriptor) ? routerParameters(descriptor) : parameterCount(descriptor);
}

function withSharedFlipped(descriptor: Descriptor): Descriptor {
  return isTransformerDescriptor(descriptor) ? { ...descriptor, sharedExpert: !descriptor.sharedExpert } : descriptor;
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Where loads and accounting deviate from SPEC-001/004/006/008 under the core-layer fault switches. */
interface StoreFaults {
  builtin: BuiltinVariant;
  serveDeleted: boolean;
  flipSharedOfManifestModels: boolean;
  memoryInLoadOrder: boolean;
  fetchBeforeBudget: boolean;
  leakFailedLoads: boolean;
  noSingleFlight: boolean;
  lastWriterWins: boolean;
  listBeforeVerify: boolean;
}

function storeFaults(faults: FaultSet): StoreFaults {
  return {
    builtin: {
      // FAULT builtin.digest-pretty-json: the builtin digest hashes the descriptor pretty-printed.
      prettyDigest: faults.has('builtin.digest-pretty-json'),
      // FAULT builtin.seed-one: the builtin weights come from seed 1.
      seedOne: faults.has('builtin.seed-one'),
    },
    // FAULT store.route-after-delete: deleted models stay servable to route and forward.
    serveDeleted: faults.has('store.route-after-delete'),
    // FAULT model.v2-descriptor-shared-flipped: manifest-loaded formatVersion 2 descriptors report sharedExpert negated.
    flipSharedOfManifestModels: faults.has('model.v2-descriptor-shared-flipped'),
    // FAULT memory.models-unsorted: GET /v1/memory lists models in load order.
    memoryInLoadOrder: faults.has('memory.models-unsorted'),
    // FAULT memory.fetch-before-budget: shards are fetched and decoded before the budget is checked.
    fetchBeforeBudget: faults.has('memory.fetch-before-budget'),
    // FAULT memory.leak-on-failed-load: a load failing after admission keeps its bytes in usedBytes until reset.
    leakFailedLoads: faults.has('memory.leak-on-failed-load'),
    // FAULT concurrency.double-load: a load does not wait for an in-flight load of the same manifest.
    noSingleFlight: faults.has('concurrency.double-load'),
    // FAULT concurrency.last-writer-wins: a load does not wait for an in-flight load of the same id with another digest.
    lastWriterWins: faults.has('concurrency.last-writer-wins'),
    // FAULT concurrency.list-before-verify: a model is listed once its manifest parses, before its shards are verified.
    listBeforeVerify: faults.has('concurrency.list-before-verify'),
  };
}

export class ModelStore {
  // Insertion order is load order: list() sorts, and capacity eviction (a fault) takes the first entry.
  private readonly models = new Map<string, LoadedModel>();
  private readonly pending = new Map<string, { weights: Promise<unknown>; digest: string }>();
  /** Deleted models route and forward still see (only under store.route-after-delete). */
  private readonly deleted = new Map<string, LoadedModel>();
  private readonly loadsByDigest = new Map<string, number>();
  private readonly faults: StoreFaults;
  private leaked = 0;
  private readonly loader: ModelLoader;
  private readonly limits: RuntimeLimits;
  private readonly keepFailed: boolean;
  private readonly replaceOnConflict: boolean;
  private readonly listInLoadOrder: boolean;
  private readonly evictAtCapacity: boolean;
  private readonly countParameters: (descriptor: Descriptor) => number;
  private readonly reportedDescriptor: (descriptor: Descriptor) => Descriptor;
  private readonly residentBytesOf: (descriptor: Descriptor) => number;
  private loads = 0;
  private tierDirs = 0;
  private readonly tierOptions: ModelTierOptions;
  readonly memory: MemoryBudget;

  constructor(loader: ModelLoader, limits: RuntimeLimits, faults: FaultSet, tierOptions: ModelTierOptions = defaultTierOptions()) {
    this.loader = loader;
    this.tierOptions = tierOptions;
    this.limits = limits;
    this.memory = new MemoryBudget(limits.memoryBudgetBytes, budgetFaults(faults));
    this.faults = storeFaults(faults);
    // FAULT model.parameters-router-only: formatVersion 2 parameters (and resident bytes) count the router tensors only.
    this.residentBytesOf = faults.has('model.parameters-router-only') ? (descriptor) => 4 * routerOnlyParameters(descriptor) : residentBytes;
    // FAULT model.partial-on-failure: a model whose first shard passed but a later one failed stays listed.
    this.keepFailed = faults.has('model.partial-on-failure');
    // FAULT model.reload-replaces: a loaded id loaded again from another manifest is replaced (201), not 409.
    this.replaceOnConflict = faults.has('model.reload-replaces');
    // FAULT model.list-unsorted: GET /v1/models lists models in load order.
    this.listInLoadOrder = faults.has('model.list-unsorted');
    // FAULT model.no-capacity-check: at maxModels the oldest model is unloaded to make room, instead of 507.
    this.evictAtCapacity = faults.has('model.no-capacity-check');
    // FAULT model.parameters-experts-only: `parameters` counts only the expert router rows.
    this.countParameters = faults.has('model.parameters-experts-only')
      ? expertParameters
      : this.residentBytesOf === residentBytes ? parameterCount : routerOnlyParameters;
    // FAULT model.descriptor-drop-ties: the reported descriptor leaves out `ties`.
    this.reportedDescriptor = faults.has('model.descriptor-drop-ties') ? withoutTies : (descriptor) => descriptor;
  }

  get size(): number {
    return this.models.size;
  }

  get(id: string): LoadedModel | undefined {
    return this.models.get(id);
  }

  /** Models sorted by id in code-point order. */
  list(): LoadedModel[] {
    const models = [...this.models.values()];
    if (this.listInLoadOrder) return models;
    return models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The model route and forward work with: a loaded one (or, under a fault, a deleted one). */
  servable(id: string): LoadedModel | undefined {
    return this.models.get(id) ?? (this.faults.serveDeleted ? this.deleted.get(id) : undefined);
  }

  /** Whether `model` is still the loaded model of its id (a forward in flight checks it only under a fault). */
  isResident(model: LoadedModel): boolean {
    return this.models.get(model.id) === model;
  }

  delete(id: string): boolean {
    const model = this.models.get(id);
    if (model !== undefined && this.faults.serveDeleted) this.deleted.set(id, model);
    else if (model !== undefined) this.retire(model);
    return this.models.delete(id);
  }

  /** Releases an unloaded model's tier storage (its cold files); requests still holding it finish first. */
  private retire(model: LoadedModel): void {
    model.tiers?.close().catch(() => undefined);
  }

  clear(): void {
    for (const model of this.models.values()) this.retire(model);
    this.models.clear();
    this.deleted.clear();
    this.leaked = 0;
  }

  /** Resident bytes of the loaded models. */
  get usedBytes(): number {
    let used = this.leaked;
    for (const model of this.models.values()) used += model.residentBytes;
    return used;
  }

  /** GET /v1/memory (SPEC-006): the budget, the bytes in use, and each model's bytes, sorted by id. */
  memoryView(): MemoryView {
    const models = [...this.models.values()].map((model) => ({ id: model.id, bytes: model.residentBytes }));
    return { budgetBytes: this.memory.budgetBytes, usedBytes: this.usedBytes, models: this.faults.memoryInLoadOrder ? models : models.sort(byId) };
  }

  /** Moves the memory budget; E_MEMORY_BUDGET when below the bytes in use. */
  setMemoryBudget(bytes: number): void {
    this.memory.setBudget(bytes, this.usedBytes);
  }

  async load(manifestUrl: URL, budgets?: TierBudgets): Promise<LoadOutcome> {
    const fetched = await this.loader.fetchManifest(manifestUrl);
    const progress = { shardsVerified: 0 };
    const flip = this.faults.flipSharedOfManifestModels;
    const tiering = this.tiering(fetched.manifest, budgets, () => new RangeArchive({
      manifestUrl, manifest: fetched.manifest, shape: expertShape(fetched.manifest.descriptor as DescriptorV2), clock: this.tierOptions.clock,
      wholeLayer: httpLayerFetcher(this.loader, manifestUrl, fetched.manifest, this.tierOptions.behaviour),
      timeoutMs: this.loader.fetchTimeoutMs, unverified: this.tierOptions.behaviour.archiveUnverified,
    }));
    return this.admit(fetched, progress, () => this.loader.loadWeights(manifestUrl, fetched.manifest, progress).then(tiering.weights), flip, tiering.bytes);
  }

  /** How a load with tier budgets becomes a tiered model: its resident charge and the step after decoding. */
  private tiering(manifest: Manifest, budgets: TierBudgets | undefined, archive: () => ExpertArchive): { bytes?: number; weights: (w: ModelWeights) => Promise<ModelWeights> } {
    const { descriptor } = manifest;
    if (budgets === undefined) return { weights: (w) => Promise.resolve(w) };
    if (!isTransformerDescriptor(descriptor)) throw new RuntimeError('E_FORWARD_UNSUPPORTED', 'only formatVersion 2 models have experts to tier');
    checkTierBudgets(descriptor, budgets, this.tierOptions.behaviour);
    return { bytes: tieredResidentBytes(descriptor, budgets, this.tierOptions.behaviour), weights: (w) => tierDecodedModel(descriptor, w, this.tierSetup(descriptor, budgets), archive()) };
  }

  private tierSetup(descriptor: Descriptor, budgets: TierBudgets): TierSetup {
    // The first tiered load sweeps cold directories left by processes that died without removing them.
    if (this.tierDirs === 0) sweepDeadTierDirs(this.tierOptions.storage.resolve('tiers'));
    this.tierDirs++;
    const dir = this.tierOptions.storage.resolve('tiers', `${descriptor.name}-${process.pid}-${this.tierDirs}`);
    return { budgets, coldDir: dir, clock: this.tierOptions.clock, behaviour: this.tierOptions.behaviour };
  }

  /** Loads a model the runtime generates itself (contract-core §4 `builtin`), through the same checks as a fetch. */
  async loadBuiltin(name: string, budgets?: TierBudgets): Promise<LoadOutcome> {
    const procedural = PROCEDURAL_MODELS[name];
    if (procedural !== undefined) return this.loadProcedural(procedural, budgets ?? DEFAULT_PROCEDURAL_BUDGETS);
    const builtin = builtinModel(name, this.faults.builtin);
    const { manifest } = this.loader.readManifest(builtin.manifestBytes);
    const progress = { shardsVerified: 0 };
    const tiering = this.tiering(manifest, budgets, () => new ShardArchive(generatedLayerFetcher(manifest, builtin.shards), expertShape(manifest.descriptor as DescriptorV2)));
    return this.admit({ manifest, digest: builtin.digest, bytes: builtin.manifestBytes }, progress, () => {
      progress.shardsVerified = builtin.shards.length;
      return tiering.weights(this.loader.decodeVerified(manifest, builtin.shards));
    }, false, tiering.bytes);
  }

  /** A procedural model (SPEC-021 §4.5): nothing fetched, experts generated from the seed on first use. */
  private loadProcedural(descriptor: DescriptorV2, budgets: TierBudgets): Promise<LoadOutcome> {
    checkDescriptor(descriptor);
    checkComputeBound(descriptor, this.limits);
    checkTierBudgets(descriptor, budgets, this.tierOptions.behaviour);
    const fetched = proceduralManifest(descriptor, sha256Hex);
    const setup = this.tierSetup(descriptor, budgets);
    return this.admit(fetched, { shardsVerified: 0 }, () => Promise.resolve(proceduralWeights(descriptor, setup)), false, tieredResidentBytes(descriptor, budgets, this.tierOptions.behaviour));
  }

  private async admit(
    fetched: FetchedManifest, progress: { shardsVerified: number }, weightsOf: () => Promise<ModelWeights>, flipShared = false, residentOverride?: number,
  ): Promise<LoadOutcome> {
    const { manifest, digest } = fetched;
    const id = manifest.descriptor.name;
    for (let inFlight = this.pending.get(id); inFlight !== undefined && !this.skipsWait(inFlight.digest, digest); inFlight = this.pending.get(id)) {
      await inFlight.weights.catch(() => undefined);
    }
    const existing = this.models.get(id);
    if (existing !== undefined) {
      if (existing.manifestDigest === digest && existing.status === 'ready') return { model: existing, created: false };
      if (!this.replaceOnConflict) throw new RuntimeError('E_MODEL_CONFLICT', `model ${id} is already loaded from a different manifest`);
    }
    const occupied = this.models.size - (existing === undefined ? 0 : 1) + this.pending.size;
    let evict: LoadedModel | undefined;
    if (occupied >= this.limits.maxModels) {
      evict = this.models.values().next().value;
      if (!this.evictAtCapacity || evict === undefined) {
        throw new RuntimeError('E_MODEL_CAPACITY', `maxModels ${this.limits.maxModels} reached`);
      }
    }
    const bytes = residentOverride ?? this.residentBytesOf(manifest.descriptor);
    const freed = (existing?.residentBytes ?? 0) + (evict?.residentBytes ?? 0);
    const early = this.faults.fetchBeforeBudget ? weightsOf() : null;
    if (early !== null) {
      this.pending.set(id, { weights: early, digest });
      await early.finally(() => this.pending.delete(id));
    }
    // SPEC-006: refused before any shard is fetched, with nothing changed.
    const release = this.memory.reserve(bytes, this.usedBytes, freed);
    if (evict !== undefined) this.models.delete(evict.id);
    const base = { ...this.modelBase(manifest, digest, flipShared), manifestBytes: fetched.bytes ?? null };
    const weights = early ?? weightsOf();
    this.pending.set(id, { weights, digest });
    const listedEarly = this.faults.listBeforeVerify && existing === undefined;
    if (listedEarly) this.models.set(id, { ...base, status: 'ready', layers: [], transformer: null, tiers: null, residentBytes: bytes, loadOrdinal: 0, manifestLoads: 0 });
    try {
      const { layers, transformer, tiers } = await weights;
      const manifestLoads = (this.loadsByDigest.get(digest) ?? 0) + 1;
      this.loadsByDigest.set(digest, manifestLoads);
      const model: LoadedModel = { ...base, status: 'ready', layers, transformer, tiers: tiers ?? null, residentBytes: bytes, loadOrdinal: ++this.loads, manifestLoads };
      // A replacement (only under a fault) is a new load: it goes to the end of the load order.
      if (existing !== undefined && existing !== model) this.retire(existing);
      this.models.delete(id);
      this.models.set(id, model);
      return { model, created: true };
    } catch (error) {
      if (listedEarly) this.models.delete(id);
      if (this.faults.leakFailedLoads) this.leaked += bytes;
      if (this.keepFailed && progress.shardsVerified >= 1) {
        this.models.set(id, { ...base, status: 'failed', layers: [], transformer: null, tiers: null, residentBytes: 0, loadOrdinal: 0, manifestLoads: 0 });
      }
      throw error;
    } finally {
      this.pending.delete(id);
      release();
    }
  }

  /** Whether a load may run beside an in-flight load of the same id instead of waiting (only under faults). */
  private skipsWait(inFlightDigest: string, digest: string): boolean {
    return inFlightDigest === digest ? this.faults.noSingleFlight : this.faults.lastWriterWins;
  }

  private modelBase(manifest: Manifest, digest: string, flipShared: boolean) {
    const { descriptor } = manifest;
    const reported = this.reportedDescriptor(flipShared ? withSharedFlipped(descriptor) : descriptor);
    return { id: descriptor.name, manifestDigest: digest, descriptor: reported, parameters: this.countParameters(descriptor) };
  }

  // Restore from verified local bytes (SPEC-030)
  /**
   * Loads, as `id`, a model whose manifest and shard bytes (in manifest order) a checkpoint already verified, reporting
   * `manifestDigest` (the snapshotted model's). Parsing, limits, decoding, admission, budget and capacity are those of
   * any load; only the fetch is skipped, as for a built-in model.
   */
  async loadVerified(id: string, manifestBytes: Uint8Array, shards: readonly Uint8Array[], manifestDigest: string): Promise<LoadOutcome> {
    const { manifest: parsed } = this.loader.readManifest(manifestBytes);
    const manifest: Manifest = { ...parsed, descriptor: { ...parsed.descriptor, name: id } };
    const progress = { shardsVerified: 0 };
    // Decoded in a promise, so that a decoding failure rejects the load (releasing what admission reserved).
    return this.admit({ manifest, digest: manifestDigest, bytes: manifestBytes }, progress, () => Promise.resolve().then(() => {
      progress.shardsVerified = shards.length;
      return this.loader.decodeVerified(manifest, shards);
    }));
  }
}
