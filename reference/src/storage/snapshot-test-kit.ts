// Shared by the snapshot tests and the crash-test child process: a model store built the way the server builds one,
// and the forward digest of a loaded model over a fixed probe, which a restored model must reproduce (REQ-030-009).

import { VirtualClock } from '../clock.ts';
import { NO_FAULTS, type FaultSet } from '../faults.ts';
import { runForward } from '../forward/forward-engine.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import { ModelLoader } from '../model/loader.ts';
import { ManifestParser, manifestChecks } from '../model/manifest.ts';
import type { DescriptorV2 } from '../model/manifest-types.ts';
import { ModelStore, type LoadedModel } from '../model/model-store.ts';
import { loadSchemaDocuments } from '../schema-store.ts';

/** A model store with the server's parser, limits and loader, and no network use (built-in and restored models). */
export function modelStoreForTests(faults: FaultSet = NO_FAULTS): ModelStore {
  const limits = { ...DEFAULT_LIMITS };
  const loader = new ModelLoader({ parser: new ManifestParser(loadSchemaDocuments(), limits, manifestChecks(faults)), limits, faults, fetchTimeoutMs: 5_000 });
  return new ModelStore(loader, limits, faults);
}

/** Token sequences every equivalence check forwards: two sequences of different lengths, so batching is exercised. */
export const FORWARD_PROBE: readonly (readonly number[])[] = [[1, 2, 3, 5, 8, 13, 21], [250, 0, 17]];

/** The result digest of the probe forwarded through `model` (a formatVersion 2 model), with its descriptor seed. */
export async function forwardDigest(model: LoadedModel): Promise<string> {
  if (model.transformer === null) throw new Error(`model ${model.id} has no transformer`);
  const forwardModel = { id: model.id, descriptor: model.descriptor as DescriptorV2, transformer: model.transformer };
  const options = { routingSeed: model.descriptor.seed, trace: false, logits: false };
  const result = await runForward(forwardModel, FORWARD_PROBE, options, { clock: new VirtualClock(), perLayerDelayMs: 0, deadlineAt: null });
  return result.digest;
}
