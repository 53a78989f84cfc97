// The one eviction order every tier uses (SPEC-027 §4.2): least recently used first, by the store's logical access
// counter (never wall time), then least often used, then lowest (layer, expert). It depends only on the sequence of
// accesses, so the same access trace always evicts the same experts in the same order.

import { compareRefs, refKey, type ExpertRef } from './expert-payload.ts';

export interface Usage {
  ref: ExpertRef;
  /** Logical time of the last access (the store's access counter). */
  lastUse: number;
  /** Accesses since the expert last entered a tier while no tier held it. */
  uses: number;
}

export function evictionOrder(a: Usage, b: Usage): number {
  return a.lastUse - b.lastUse || a.uses - b.uses || compareRefs(a.ref, b.ref);
}

/** The first candidate in eviction order, or undefined when there is none. */
export function firstVictim<T extends Usage>(candidates: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const candidate of candidates) if (best === undefined || evictionOrder(candidate, best) < 0) best = candidate;
  return best;
}

/**
 * The usage records of the experts some tier holds (SPEC-027 §4.2): created at an expert's first access or staging
 * (lastUse 0, uses 0 for a staging), forgotten once no tier holds the expert, so `uses` restarts from zero.
 */
export class UsageBook {
  private readonly records = new Map<string, Usage>();

  /** The expert's record, created when absent. */
  of(ref: ExpertRef): Usage {
    const key = refKey(ref);
    let usage = this.records.get(key);
    if (usage === undefined) {
      usage = { ref, lastUse: 0, uses: 0 };
      this.records.set(key, usage);
    }
    return usage;
  }

  /** The record advanced to an access at logical time `tick`. */
  touch(ref: ExpertRef, tick: number): Usage {
    const usage = this.of(ref);
    usage.lastUse = tick;
    usage.uses++;
    return usage;
  }

  forget(ref: ExpertRef): void {
    this.records.delete(refKey(ref));
  }
}
