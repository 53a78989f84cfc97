// Moving experts into and out of the cold tier for one store (SPEC-024): verified reads that count integrity
// failures and protect the file being read from eviction, and staging within the cold budget. Room for a file is
// reserved before its write starts, so concurrent stagings can never together exceed coldBytes (SPEC-023 §4.1);
// when the budget is full, files are evicted in SPEC-027 order, never one being read or one of an expert in use.

import { isRuntimeError } from '../../errors.ts';
import type { ColdTier } from './cold-tier.ts';
import { payloadBytes, refKey, type ExpertRef, type ExpertShape } from './expert-payload.ts';
import type { TierBehaviour } from './tier-faults.ts';
import type { TierCounters } from './tier-counters.ts';
import { firstVictim, type UsageBook } from './usage-order.ts';

export interface StagedExpert {
  ref: ExpertRef;
  payload: Float32Array;
}

export interface ColdStagingOptions {
  cold: ColdTier;
  coldBytes: number;
  shape: ExpertShape;
  counters: TierCounters;
  usage: UsageBook;
  /** Called when a file is evicted: the store forgets the expert's usage if no tier holds it any more. */
  evicted: (ref: ExpertRef) => void;
  /** Whether an in-flight request holds or loads the expert hot: its file is not an eviction candidate. */
  inUse: (ref: ExpertRef) => boolean;
  behaviour: TierBehaviour;
}

export class ColdStaging {
  private readonly options: ColdStagingOptions;
  /** Cold files being read now: never evicted from under their reader. */
  private readonly reading = new Map<string, number>();

  constructor(options: ColdStagingOptions) {
    this.options = options;
  }

  /** Reads and verifies an expert's cold copy; a failing copy counts one integrity failure (SPEC-024 §4.3). */
  async read(ref: ExpertRef): Promise<Float32Array> {
    const { cold, counters, behaviour } = this.options;
    const key = refKey(ref);
    this.reading.set(key, (this.reading.get(key) ?? 0) + 1);
    try {
      return await cold.read(ref, !behaviour.skipColdHash, !behaviour.keepDamagedCopy);
    } catch (error) {
      if (isRuntimeError(error) && error.code === 'E_STORAGE_INTEGRITY') counters.integrityFailures++;
      throw error;
    } finally {
      const left = this.reading.get(key)! - 1;
      if (left === 0) this.reading.delete(key);
      else this.reading.set(key, left);
    }
  }

  /**
   * Writes experts to the cold tier within its budget. With `evict`, files are evicted in SPEC-027 order to make
   * room, never the file of an expert an in-flight request holds or loads; without (staging at load), an expert
   * that does not fit is left to the archive, as is one for which no file can be evicted.
   */
  async stage(batch: readonly StagedExpert[], evict: boolean): Promise<void> {
    const { cold, coldBytes, counters, usage, behaviour, inUse } = this.options;
    const fileBytes = cold.fileBytes;
    const admitted: StagedExpert[] = [];
    const removals: Promise<void>[] = [];
    // REQ-023-001: every decision below (victims, admission, reservation) is taken in one synchronous step, so
    // stagings that run concurrently see each other's files and are decided in the order they start (SPEC-022
    // §4.4); the cold tier ends a file's reservation as it indexes the file.
    const used = (): number => cold.usedBytes + (behaviour.coldBudgetUnreserved ? admitted.length * fileBytes : cold.reservedBytes);
    for (const item of batch) {
      if (cold.has(item.ref)) continue;
      while (evict && used() + fileBytes > coldBytes) {
        const candidates = cold.refs().filter((ref) => !this.reading.has(refKey(ref)) && !inUse(ref));
        const victim = firstVictim(candidates.map((ref) => usage.of(ref)));
        if (victim === undefined) break;
        cold.forget(victim.ref);
        removals.push(cold.removeFile(victim.ref));
        counters.evictions.cold++;
        this.options.evicted(victim.ref);
      }
      if (used() + fileBytes <= coldBytes) {
        admitted.push(item);
        cold.reservedBytes += fileBytes;
      }
    }
    try {
      await Promise.all(removals);
    } finally {
      await cold.stage(admitted);
    }
    for (const { ref } of admitted) usage.of(ref);
    counters.bytesMoved.archiveToCold += admitted.length * (behaviour.bytesMovedFileSize ? fileBytes : payloadBytes(this.options.shape));
  }
}
