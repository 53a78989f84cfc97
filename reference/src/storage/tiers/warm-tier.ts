// The warm tier (SPEC-021 §4.1, SPEC-023): verified expert payloads held in DRAM within a byte budget. Experts
// enter it when the hot tier evicts them and leave it when promoted back to hot (the two are exclusive) or when
// room is needed, in the SPEC-027 order. Nothing here is written anywhere: a slower tier or the archive still has
// every expert the warm tier drops.

import { refKey, type ExpertRef } from './expert-payload.ts';
import { firstVictim, type Usage } from './usage-order.ts';

interface WarmEntry {
  /** The store's usage record of the expert (shared, so the order always reflects the latest access). */
  usage: Usage;
  payload: Float32Array;
}

export class WarmTier {
  budgetBytes: number;
  usedBytes = 0;
  evictions = 0;
  private readonly entries = new Map<string, WarmEntry>();
  /** Told of every expert evicted to make room (its usage is forgotten when no other tier holds it). */
  private readonly evicted: (ref: ExpertRef) => void;

  constructor(budgetBytes: number, evicted: (ref: ExpertRef) => void = () => undefined) {
    this.budgetBytes = budgetBytes;
    this.evicted = evicted;
  }

  get size(): number {
    return this.entries.size;
  }

  has(ref: ExpertRef): boolean {
    return this.entries.has(refKey(ref));
  }

  refs(): ExpertRef[] {
    return [...this.entries.values()].map((entry) => entry.usage.ref);
  }

  /** An expert's payload left in place, or undefined when it is not here. */
  peek(ref: ExpertRef): WarmEntry | undefined {
    return this.entries.get(refKey(ref));
  }

  /** Removes and returns an expert's payload (a promotion to hot), or undefined when it is not here. */
  take(ref: ExpertRef): WarmEntry | undefined {
    const key = refKey(ref);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.usedBytes -= entry.payload.byteLength;
    return entry;
  }

  /** Keeps a payload if it fits the budget, evicting in SPEC-027 order to make room; false when it cannot fit. */
  put(usage: Usage, payload: Float32Array): boolean {
    const bytes = payload.byteLength;
    if (bytes > this.budgetBytes) return false;
    this.take(usage.ref);
    while (this.usedBytes + bytes > this.budgetBytes) {
      const victim = this.victim();
      if (victim === undefined) return false;
      this.take(victim.ref);
      this.evictions++;
      this.evicted(victim.ref);
    }
    this.entries.set(refKey(usage.ref), { usage, payload });
    this.usedBytes += bytes;
    return true;
  }

  /** Shrinks (or grows) the budget, evicting until the payloads fit. */
  resize(budgetBytes: number): void {
    this.budgetBytes = budgetBytes;
    while (this.usedBytes > this.budgetBytes) {
      const victim = this.victim();
      if (victim === undefined) break;
      this.take(victim.ref);
      this.evictions++;
      this.evicted(victim.ref);
    }
  }

  private victim(): Usage | undefined {
    return firstVictim([...this.entries.values()].map((entry) => entry.usage));
  }

  clear(): void {
    this.entries.clear();
    this.usedBytes = 0;
  }
}
