// The cold tier (SPEC-021 §4.1): one expert file per expert in the model's directory under the storage root,
// written with the staging protocol of SPEC-024 (temporary file, fsync, rename, fsync of the directory), so a crash
// leaves either the whole file or none. The index records each file's size and SHA-256 when it is written; a read
// checks both before the bytes are decoded, and a file that fails is deleted and forgotten (SPEC-026 §4.4).

import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { readVerified } from '../verified-read.ts';
import { join } from 'node:path';
import { RuntimeError } from '../../errors.ts';
import { fsyncDirectory, tempPathFor } from '../atomic-file.ts';
import { sha256Hex } from '../../numeric/sha256-hex.ts';
import { decodePayload, encodePayload, refKey, type ExpertRef, type ExpertShape } from './expert-payload.ts';

interface ColdEntry {
  ref: ExpertRef;
  size: number;
  sha256: string;
}

export type ColdDamage = 'truncate' | 'flip' | 'delete';

export class ColdTier {
  readonly dir: string;
  private readonly shape: ExpertShape;
  private readonly entries = new Map<string, ColdEntry>();
  private made = false;
  private fileLength: number | undefined;
  /** Bytes of the files the index lists. */
  usedBytes = 0;
  /**
   * Bytes a stager admitted to the budget and has not seen indexed yet: it adds a file's length when it admits the
   * file, and stage() takes the batch's share back as it indexes the files (or fails), in one synchronous step.
   */
  reservedBytes = 0;

  constructor(dir: string, shape: ExpertShape) {
    this.dir = dir;
    this.shape = shape;
  }

  has(ref: ExpertRef): boolean {
    return this.entries.has(refKey(ref));
  }

  get size(): number {
    return this.entries.size;
  }

  refs(): ExpertRef[] {
    return [...this.entries.values()].map((entry) => entry.ref);
  }

  private path(ref: ExpertRef): string {
    return join(this.dir, `layer-${ref.layer}-expert-${ref.expert}.safetensors`);
  }

  /**
   * Stages experts into the tier: every file is written to a temporary name and fsynced, then all are renamed and
   * the directory is fsynced once; only then do they enter the index (SPEC-024 §4.2). The batch's reservation
   * (`reservedBytes`, one file length per expert) ends when its files are indexed, or when the stage fails.
   */
  async stage(batch: readonly { ref: ExpertRef; payload: Float32Array }[]): Promise<void> {
    if (batch.length === 0) return;
    const written: { entry: ColdEntry; temp: string; target: string }[] = [];
    const release = (): void => {
      this.reservedBytes = Math.max(0, this.reservedBytes - batch.length * this.fileBytes);
    };
    try {
      if (!this.made) {
        await mkdir(this.dir, { recursive: true });
        this.made = true;
      }
      for (const { ref, payload } of batch) {
        const bytes = encodePayload(payload, this.shape);
        const target = this.path(ref);
        const temp = tempPathFor(target);
        const handle = await open(temp, 'wx', 0o644);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        written.push({ entry: { ref, size: bytes.length, sha256: sha256Hex(bytes) }, temp, target });
      }
      for (const { temp, target } of written) await rename(temp, target);
      await fsyncDirectory(this.dir);
    } catch (error) {
      release();
      await Promise.all(written.map(({ temp }) => rm(temp, { force: true })));
      throw new RuntimeError('E_INTERNAL', `cold tier write failed: ${(error as Error).message}`);
    }
    release();
    for (const { entry } of written) {
      const key = refKey(entry.ref);
      const previous = this.entries.get(key);
      this.usedBytes += entry.size - (previous?.size ?? 0);
      this.entries.set(key, entry);
    }
  }

  /** The length of every expert file of this model (the encoding depends only on the shape). */
  get fileBytes(): number {
    this.fileLength ??= encodePayload(new Float32Array(3 * this.shape.d * this.shape.dFF), this.shape).length;
    return this.fileLength;
  }

  /**
   * Reads and verifies an expert; E_STORAGE_INTEGRITY (and the copy is dropped) when it fails any check.
   * `checkHash` false skips the SHA-256 comparison and `dropOnFailure` false keeps a failing copy (only fault
   * switches ask for either).
   */
  async read(ref: ExpertRef, checkHash = true, dropOnFailure = true): Promise<Float32Array> {
    const key = refKey(ref);
    const entry = this.entries.get(key);
    if (entry === undefined) throw new RuntimeError('E_INTERNAL', `expert ${key} is not in the cold tier`);
    try {
      let result;
      try {
        result = await readVerified(this.path(ref), entry.size, checkHash ? entry.sha256 : null);
      } catch (error) {
        throw new RuntimeError('E_STORAGE_INTEGRITY', `cold copy of expert ${key} is unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      if (!result.ok) {
        const why = result.why === 'sha256' ? 'fails its SHA-256' : `has ${result.observedSize} bytes, expected ${entry.size}`;
        throw new RuntimeError('E_STORAGE_INTEGRITY', `cold copy of expert ${key} ${why}`);
      }
      // A copy whose SHA-256 matched is the very file this tier wrote from a verified, finite payload.
      return decodePayload(result.bytes, this.shape, !checkHash);
    } catch (error) {
      if (dropOnFailure) await this.drop(ref);
      throw error;
    }
  }

  /** Removes an expert's file and index entry (eviction from the tier, or a damaged copy). */
  async drop(ref: ExpertRef): Promise<void> {
    this.forget(ref);
    await this.removeFile(ref);
  }

  /** Removes an expert's index entry at once (its bytes leave usedBytes); the file is removeFile's to delete. */
  forget(ref: ExpertRef): void {
    const key = refKey(ref);
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.usedBytes -= entry.size;
    }
  }

  removeFile(ref: ExpertRef): Promise<void> {
    return rm(this.path(ref), { force: true });
  }

  /** Damages an expert's file in place as a failing disk would (conformance control API only). */
  async damage(ref: ExpertRef, kind: ColdDamage): Promise<boolean> {
    if (!this.has(ref)) return false;
    const path = this.path(ref);
    if (kind === 'delete') {
      await rm(path, { force: true });
      return true;
    }
    const bytes = await readFile(path);
    const damaged = kind === 'truncate' ? bytes.subarray(0, bytes.length - 1) : Uint8Array.from(bytes);
    if (kind === 'flip') damaged[damaged.length - 1]! ^= 0x01;
    const handle = await open(path, 'w');
    try {
      await handle.writeFile(damaged);
    } finally {
      await handle.close();
    }
    return true;
  }

  /** Removes the tier's directory and forgets everything (the model was deleted). */
  async clear(): Promise<void> {
    this.entries.clear();
    this.usedBytes = 0;
    await rm(this.dir, { recursive: true, force: true });
    this.made = false;
  }
}
