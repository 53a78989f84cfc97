// The set of loaded models. A model becomes visible only after every shard has been verified and decoded; any
// failure leaves the set exactly as it was (contract §4). Loads of the same name are serialised so that two
// concurrent requests cannot both create it, and in-flight loads hold a capacity slot.

import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { RuntimeLimits } from '../limits.ts';
import type { LayerWeights, ModelLoader } from './loader.ts';
import { parameterCount, type Descriptor } from './manifest-types.ts';

export interface LoadedModel {
  id: string;
  status: 'ready' | 'failed';
  manifestDigest: string;
  descriptor: Descriptor;
  parameters: number;
  /** Empty for a model whose load failed (only listed under the model.partial-on-failure fault). */
  layers: LayerWeights[];
}

export interface LoadOutcome {
  model: LoadedModel;
  /** False when the same name with the same manifest digest was already loaded. */
  created: boolean;
}

export class ModelStore {
  private readonly models = new Map<string, LoadedModel>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly loader: ModelLoader;
  private readonly limits: RuntimeLimits;
  private readonly faults: FaultSet;

  constructor(loader: ModelLoader, limits: RuntimeLimits, faults: FaultSet) {
    this.loader = loader;
    this.limits = limits;
    this.faults = faults;
  }

  get size(): number {
    return this.models.size;
  }

  get(id: string): LoadedModel | undefined {
    return this.models.get(id);
  }

  /** Models sorted by id in code-point order. */
  list(): LoadedModel[] {
    return [...this.models.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
      throw new RuntimeError('E_MODEL_CONFLICT', `model ${id} is already loaded from a different manifest`);
    }
    if (this.models.size + this.pending.size >= this.limits.maxModels) {
      throw new RuntimeError('E_MODEL_CAPACITY', `maxModels ${this.limits.maxModels} reached`);
    }
    const base = { id, manifestDigest: digest, descriptor: manifest.descriptor, parameters: parameterCount(manifest.descriptor) };
    const progress = { shardsVerified: 0 };
    const weights = this.loader.loadWeights(manifestUrl, manifest, progress);
    this.pending.set(id, weights);
    try {
      const model: LoadedModel = { ...base, status: 'ready', layers: await weights };
      this.models.set(id, model);
      return { model, created: true };
    } catch (error) {
      // FAULT model.partial-on-failure: a model whose first shard passed but a later one failed stays listed.
      if (this.faults.has('model.partial-on-failure') && progress.shardsVerified >= 1) {
        this.models.set(id, { ...base, status: 'failed', layers: [] });
      }
      throw error;
    } finally {
      this.pending.delete(id);
    }
  }
}
