// What a snapshot of a loaded model holds (SPEC-029 §4.1, §4.2): one safetensors file per shard entry of the manifest
// the model was loaded from, holding exactly the tensors that entry lists with the model's current values, and that
// manifest's bytes, unchanged, as model-manifest.json. The checkpoint manifest is built from these files.

import { RuntimeError } from '../errors.ts';
import type { Manifest } from '../model/manifest-types.ts';
import type { LoadedModel } from '../model/model-store.ts';
import { encodeSafetensors } from '../model/safetensors-writer.ts';
import { parseStrictJson } from '../model/strict-json.ts';
import { elementCount, expectedTensors } from '../model/tensor-layout.ts';
import { CHECKPOINT_FILE, MODEL_MANIFEST_FILE, type SnapshotFile } from './checkpoint-manifest.ts';
import { modelTensors } from './model-tensors.ts';
import type { SnapshotBehaviour } from './snapshot-behaviour.ts';

const EXPERT_W1 = /\.experts\.w1\.weight$/;
const EXPERT_W3 = /\.experts\.w3\.weight$/;

/** The name whose values are stored under `name` (the snapshot.expert-w1-w3-swapped fault exchanges w1 and w3). */
function sourceName(name: string, behaviour: SnapshotBehaviour): string {
  if (!behaviour.expertW1W3Swapped) return name;
  if (EXPERT_W1.test(name)) return name.replace(EXPERT_W1, '.experts.w3.weight');
  if (EXPERT_W3.test(name)) return name.replace(EXPERT_W3, '.experts.w1.weight');
  return name;
}

/** The files of a snapshot of `model`, shards in manifest order, then model-manifest.json. */
export function snapshotFiles(model: LoadedModel, behaviour: SnapshotBehaviour): SnapshotFile[] {
  const manifestBytes = model.manifestBytes;
  if (manifestBytes === null) throw new RuntimeError('E_INTERNAL', `model ${model.id} has no manifest to snapshot`);
  // The bytes passed the manifest schema when the model was loaded; the descriptor in them gives the tensor shapes.
  const manifest = parseStrictJson(Buffer.from(manifestBytes).toString('utf8')) as Manifest;
  const shapes = expectedTensors(manifest.descriptor);
  const valuesOf = modelTensors(model);
  const files: SnapshotFile[] = [];
  for (const shard of manifest.shards) {
    if (shard.path === MODEL_MANIFEST_FILE || shard.path === CHECKPOINT_FILE) {
      throw new RuntimeError('E_MODEL_MANIFEST_INVALID', `shard path ${shard.path} collides with a snapshot file`);
    }
    const tensors = shard.tensors.map((name) => {
      const shape = shapes.get(name)?.shape;
      const values = valuesOf(sourceName(name, behaviour));
      if (shape === undefined || values.length !== elementCount(shape)) throw new RuntimeError('E_INTERNAL', `tensor ${name} is not resident in full`);
      return { name, shape, values };
    });
    files.push({ path: shard.path, bytes: encodeSafetensors(tensors) });
  }
  files.push({ path: MODEL_MANIFEST_FILE, bytes: manifestBytes });
  return files;
}
