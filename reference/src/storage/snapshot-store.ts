// The snapshots of one storage directory (SPEC-030): an index of the complete snapshots, rebuilt from disk by the
// scan at first use and on a rescan, and the operations on them. A snapshot enters the index only once its write has
// finished; ids being written are reserved, so that concurrent requests for one id cannot both write it.

import { existsSync, mkdirSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeError } from '../errors.ts';
import type { LoadedModel } from '../model/model-store.ts';
import { fsyncDirectory, tempPathFor, writeFileAtomic } from './atomic-file.ts';
import { buildCheckpoint, CHECKPOINT_FILE, serializeCheckpoint, type CheckpointManifest } from './checkpoint-manifest.ts';
import { verifySnapshotDirectory, type VerifiedSnapshot } from './checkpoint-verify.ts';
import type { SnapshotBehaviour } from './snapshot-behaviour.ts';
import { snapshotFiles } from './snapshot-contents.ts';
import { snapshotView } from './model-tensors.ts';
import { scanSnapshots, type ScanResult } from './snapshot-scan.ts';
import { SimulatedCrash, writeSnapshotDirectory, type StepHook } from './snapshot-writer.ts';
import type { StorageRoot } from './storage-root.ts';

export interface SnapshotSummary {
  id: string;
  modelId: string;
  rootDigest: string;
}

function notFound(id: string): RuntimeError {
  return new RuntimeError('E_SNAPSHOT_NOT_FOUND', `no snapshot ${id}`);
}

const byId = (a: SnapshotSummary, b: SnapshotSummary): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class SnapshotStore {
  private readonly storage: StorageRoot;
  /** The fault deviations in force (all false in a conforming runtime). */
  readonly behaviour: SnapshotBehaviour;
  private readonly index = new Map<string, CheckpointManifest>();
  /** Ids whose snapshot is being written. */
  private readonly reserved = new Set<string>();
  /** Temporary directories of writes in flight, which a rescan leaves alone. */
  private readonly inFlight = new Set<string>();
  private scanned: Promise<ScanResult> | null = null;
  private crashAfterStep: number | null = null;

  constructor(storage: StorageRoot, behaviour: SnapshotBehaviour) {
    this.storage = storage;
    this.behaviour = behaviour;
  }

  /** `<storage>/snapshots`, created when first asked for. */
  get directory(): string {
    const dir = this.storage.resolve('snapshots');
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** The scan at start, done once before the first operation (SPEC-030 §4.5). */
  ready(): Promise<ScanResult> {
    this.scanned ??= this.scan();
    return this.scanned;
  }

  /** Forgets the index and scans again, exactly as at start. */
  async rescan(): Promise<ScanResult> {
    await this.ready();
    this.scanned = this.scan();
    return this.scanned;
  }

  private async scan(): Promise<ScanResult> {
    const result = await scanSnapshots(this.directory, this.behaviour, this.inFlight);
    this.index.clear();
    for (const [id, checkpoint] of result.found) this.index.set(id, checkpoint);
    return result;
  }

  /** GET /v1/snapshots: sorted by id (REQ-030-002; a fault keeps index order). */
  list(): SnapshotSummary[] {
    const entries = [...this.index].map(([id, c]) => ({ id, modelId: c.modelId, rootDigest: c.rootDigest }));
    return this.behaviour.listUnsorted ? entries : entries.sort(byId);
  }

  async checkpoint(id: string): Promise<CheckpointManifest> {
    await this.ready();
    const checkpoint = this.index.get(id);
    if (checkpoint === undefined) throw notFound(id);
    return checkpoint;
  }

  /** One-shot crash point for the next snapshot that starts writing (SPEC-030 §4.6). */
  armCrashPoint(afterStep: number): void {
    this.crashAfterStep = afterStep;
  }

  /** Writes a snapshot of `model` as `id` (REQ-030-001, REQ-030-004, REQ-030-011); `afterStep` observes each write step. */
  async create(model: LoadedModel, id: string, afterStep?: StepHook): Promise<CheckpointManifest> {
    await this.ready();
    const { behaviour } = this;
    // Checked and reserved without yielding, so that of two concurrent requests only one passes (REQ-030-011).
    const taken = (): boolean => this.index.has(id) || this.reserved.has(id) || existsSync(join(this.directory, id));
    if (taken() && !behaviour.overwriteExisting) throw new RuntimeError('E_SNAPSHOT_EXISTS', `snapshot ${id} exists`);
    if (!behaviour.noIdReservation) this.reserved.add(id);
    let temporary: string | null = null;
    try {
      const files = snapshotFiles(await snapshotView(model, behaviour), behaviour);
      const checkpoint = buildCheckpoint(model.id, model.manifestDigest, files, behaviour);
      if (behaviour.listedBeforeComplete) this.index.set(id, checkpoint);
      const crashAt = this.crashAfterStep;
      this.crashAfterStep = null;
      await writeSnapshotDirectory(
        {
          snapshotsDir: this.directory, id, files, checkpointBytes: serializeCheckpoint(checkpoint),
          inPlace: behaviour.writeInPlace, replaceExisting: behaviour.overwriteExisting,
          onTemporary: (path) => this.inFlight.add((temporary = path)),
        },
        async (step) => {
          await afterStep?.(step);
          if (step === crashAt) throw new SimulatedCrash(step);
        },
      );
      // REQ-030-006: listed only now that the snapshot is complete.
      this.index.delete(id);
      if (!behaviour.notIndexed) this.index.set(id, checkpoint);
      return checkpoint;
    } catch (error) {
      if (error instanceof SimulatedCrash) throw new RuntimeError('E_INTERNAL', error.message);
      throw error;
    } finally {
      this.reserved.delete(id);
      if (temporary !== null) this.inFlight.delete(temporary);
    }
  }

  /** DELETE: renamed to a leftover name first, so an interrupted delete leaves the snapshot whole or gone (REQ-030-003). */
  async delete(id: string): Promise<void> {
    await this.checkpoint(id);
    this.index.delete(id);
    if (this.behaviour.deleteIndexOnly) return;
    const dir = this.directory;
    const trash = tempPathFor(join(dir, id));
    try {
      await rename(join(dir, id), trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await fsyncDirectory(dir);
    await rm(trash, { recursive: true, force: true });
  }

  /** The stored bytes of a listed file (SPEC-029 §4.3). */
  async readFile(id: string, path: string): Promise<Uint8Array> {
    const checkpoint = await this.checkpoint(id);
    if (!checkpoint.files.some((file) => file.path === path)) throw new RuntimeError('E_SNAPSHOT_NOT_FOUND', `snapshot ${id} lists no file ${path}`);
    try {
      return await readFile(join(this.directory, id, ...path.split('/')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RuntimeError('E_SNAPSHOT_INTEGRITY', `listed file ${path} is missing`);
      throw error;
    }
  }

  /** A restore's first half: the snapshot verified against its checkpoint (SPEC-029 §4.4). */
  async verified(id: string): Promise<VerifiedSnapshot> {
    await this.ready();
    if (!this.index.has(id)) {
      // The snapshot.unknown-id-internal fault goes to disk anyway, and the missing file surfaces as a 500.
      if (this.behaviour.unknownIdInternal) await readFile(join(this.directory, id, CHECKPOINT_FILE));
      throw notFound(id);
    }
    return verifySnapshotDirectory(join(this.directory, id), this.behaviour);
  }

  /** Control route (SPEC-029 §4.5): replaces or creates a file of a listed snapshot, leaving the index as it is. */
  async writeRawFile(id: string, path: string, bytes: Uint8Array): Promise<void> {
    await this.checkpoint(id);
    const target = join(this.directory, id, ...path.split('/'));
    mkdirSync(join(target, '..'), { recursive: true });
    await writeFileAtomic(target, bytes);
  }

  /** Control route (SPEC-029 §4.5): removes a file of a listed snapshot, if present. */
  async removeRawFile(id: string, path: string): Promise<void> {
    await this.checkpoint(id);
    await rm(join(this.directory, id, ...path.split('/')), { force: true });
  }
}
