// The one eviction order every tier uses (SPEC-027 §4.2): least recently used first, by the store's logical access
// counter (never wall time), then least often used, then lowest (layer, expert). It depends only on the sequence of
// accesses, so the same access trace always evicts the same experts in the same order.

import { compareRefs, type ExpertRef } from './expert-payload.ts';

export interface Usage {
  ref: ExpertRef;
  /** Logical time of the last access (the store's access counter). */
  lastUse: number;
  /** Accesses since the expert last entered a tier from the archive. */
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
