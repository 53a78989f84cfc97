// The set of loaded models. A model becomes visible only after every shard has been verified and decoded; any
// failure leaves the set exactly as it was (contract §4). Loads of the same name are serialised so that two
// concurrent requests cannot both create it, and in-flight loads hold a capacity slot.

import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { RuntimeLimits } from '../limits.ts';
import type { LayerWeights, ModelLoader } from './loader.ts';
import { parameterCount, routerRows, type Descriptor } from './manifest-types.ts';

export interface LoadedModel {
  id: string;
  status: 'ready' | 'failed';
  manifestDigest: string;
  descriptor: Descriptor;
  parameters: number;
  /** Empty for a model whose load failed (only listed under the model.partial-on-failure fault). */
  layers: LayerWeights[];
  /** Successful loads since start when this one completed, itself included (only a fault lets routing read it). */
  loadOrdinal: number;
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

export class ModelStore {
  // Insertion order is load order: list() sorts, and capacity eviction (a fault) takes the first entry.
  private readonly models = new Map<string, LoadedModel>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly loader: ModelLoader;
  private readonly limits: RuntimeLimits;
  private readonly keepFailed: boolean;
  private readonly replaceOnConflict: boolean;
  private readonly listInLoadOrder: boolean;
  private readonly evictAtCapacity: boolean;
  private readonly countParameters: (descriptor: Descriptor) => number;
  private readonly reportedDescriptor: (descriptor: Descriptor) => Descriptor;
  private loads = 0;

  constructor(loader: ModelLoader, limits: RuntimeLimits, faults: FaultSet) {
    this.loader = loader;
    this.limits = limits;
    // FAULT model.partial-on-failure: a model whose first shard passed but a later one failed stays listed.
    this.keepFailed = faults.has('model.partial-on-failure');
    // FAULT model.reload-replaces: a loaded id loaded again from another manifest is replaced (201), not 409.
    this.replaceOnConflict = faults.has('model.reload-replaces');
    // FAULT model.list-unsorted: GET /v1/models lists models in load order.
    this.listInLoadOrder = faults.has('model.list-unsorted');
    // FAULT model.no-capacity-check: at maxModels the oldest model is unloaded to make room, instead of 507.
    this.evictAtCapacity = faults.has('model.no-capacity-check');
    // FAULT model.parameters-experts-only: `parameters` counts only the expert router rows.
    this.countParameters = faults.has('model.parameters-experts-only') ? expertParameters : parameterCount;
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

  delete(id: string): boolean {
    return this.models.delete(id);
  }

  clear(): void {
    this.models.clear();
  }

  async load(manifestUrl: URL): Promise<LoadOutcome> {
    const { manifest, digest } = await this.loader.fetchManifest(manifestUrl);
    const id = manifest.descriptor.name;
    for (let inFlight = this.pending.get(id); inFlight !== undefined; inFlight = this.pending.get(id)) {
      await inFlight.catch(() => undefined);
    }
    const existing = this.models.get(id);
    if (existing !== undefined) {
      if (existing.manifestDigest === digest && existing.status === 'ready') return { model: existing, created: false };
      if (!this.replaceOnConflict) throw new RuntimeError('E_MODEL_CONFLICT', `model ${id} is already loaded from a different manifest`);
    }
    const occupied = this.models.size - (existing === undefined ? 0 : 1) + this.pending.size;
    if (occupied >= this.limits.maxModels) {
      const oldest = this.models.keys().next();
      if (!this.evictAtCapacity || oldest.done === true) {
        throw new RuntimeError('E_MODEL_CAPACITY', `maxModels ${this.limits.maxModels} reached`);
      }
      this.models.delete(oldest.value);
    }
    const base = {
      id, manifestDigest: digest, descriptor: this.reportedDescriptor(manifest.descriptor), parameters: this.countParameters(manifest.descriptor),
    };
    const progress = { shardsVerified: 0 };
    const weights = this.loader.loadWeights(manifestUrl, manifest, progress);
    this.pending.set(id, weights);
    try {
      const layers = await weights;
      const model: LoadedModel = { ...base, status: 'ready', layers, loadOrdinal: ++this.loads };
      // A replacement (only under a fault) is a new load: it goes to the end of the load order.
      this.models.delete(id);
      this.models.set(id, model);
      return { model, created: true };
    } catch (error) {
      if (this.keepFailed && progress.shardsVerified >= 1) {
        this.models.set(id, { ...base, status: 'failed', layers: [], loadOrdinal: 0 });
      }
      throw error;
    } finally {
      this.pending.delete(id);
    }
  }
}
