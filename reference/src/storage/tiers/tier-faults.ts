// Where the tier store deviates from SPEC-021 … SPEC-027 under fault switches (mutants the suite must catch). Every
// deviation is one flag of TierBehaviour, read where the rule it breaks lives; without faults all are false.

import type { FaultSet } from '../../faults.ts';
import { CONFORMING_PREFETCH, prefetchBehaviour, type PrefetchBehaviour } from './prefetch-faults.ts';

export interface TierBehaviour {
  /** Cold copies are used without their SHA-256 being checked. */
  skipColdHash: boolean;
  /** Leased (in-use) slots may be evicted. */
  evictInUse: boolean;
  /** Pinned slots may be evicted. */
  evictPinned: boolean;
  /** Concurrent requests for one expert each load it. */
  noCoalescing: boolean;
  /** Victims are the most recently used instead of the least. */
  evictMostRecent: boolean;
  /** A warm hit leaves its slot as it was instead of writing the warm payload into it. */
  warmHitUnwritten: boolean;
  /** Hot slots are ceil(hotBytes / expertBytes) instead of the floor. */
  slotsRoundedUp: boolean;
  /** Staging at load evicts earlier experts when the cold budget is full, so the last experts stay. */
  loadStagingEvicts: boolean;
  /** A hot budget below one expert is accepted and gets one slot. */
  noHotBudgetCheck: boolean;
  /** The resident charge leaves out the warm budget. */
  chargeOmitsWarm: boolean;
  /** A procedural model reports its archive as http. */
  proceduralReportedHttp: boolean;
  /** A warm hit leaves the warm copy in place (hot and warm not exclusive). */
  warmKeepsCopy: boolean;
  /** An expert evicted from hot is dropped instead of moved to warm. */
  demoteDrops: boolean;
  /** Experts loaded from the archive are not written to the cold tier. */
  missNotStaged: boolean;
  /** Concurrent cold staging does not reserve room, so the cold tier can exceed its budget. */
  coldBudgetUnreserved: boolean;
  /** archiveToCold counts expert file bytes instead of payload bytes. */
  bytesMovedFileSize: boolean;
  /** Hot hits are recorded in the load-latency histogram. */
  latencyCountsHotHits: boolean;
  /** Warm hits are counted as cold hits. */
  warmHitCountedCold: boolean;
  /** The evict-memory control route drops hot copies only. */
  evictMemoryKeepsWarm: boolean;
  /** A cold copy that fails verification stays in the cold tier. */
  keepDamagedCopy: boolean;
  /** HTTP archive shards are used without their SHA-256 being checked. */
  archiveUnverified: boolean;
  /** Archive failures are reported as E_INTERNAL. */
  archiveErrorInternal: boolean;
  /** Loading a tiered model from shards also loads layer 0's first experts hot. */
  eagerLoad: boolean;
  /** A failed expert load fails every later request of the model. */
  failurePoisonsModel: boolean;
  /** Pins may take every hot slot. */
  pinEverySlot: boolean;
  /** Pin and unpin coordinates are not checked against the model. */
  pinUnchecked: boolean;
  /** Unpinning leaves the expert pinned. */
  unpinIgnored: boolean;
  /** Deviations of the tier prefetch (SPEC-045). */
  prefetch: PrefetchBehaviour;
}

export const CONFORMING_TIERS: TierBehaviour = Object.freeze({
  skipColdHash: false, evictInUse: false, evictPinned: false, noCoalescing: false, evictMostRecent: false,
  warmHitUnwritten: false, slotsRoundedUp: false, loadStagingEvicts: false, noHotBudgetCheck: false, chargeOmitsWarm: false,
  proceduralReportedHttp: false, warmKeepsCopy: false, demoteDrops: false, missNotStaged: false, coldBudgetUnreserved: false,
  bytesMovedFileSize: false, latencyCountsHotHits: false, warmHitCountedCold: false, evictMemoryKeepsWarm: false,
  keepDamagedCopy: false, archiveUnverified: false, archiveErrorInternal: false, eagerLoad: false, failurePoisonsModel: false,
  pinEverySlot: false, pinUnchecked: false, unpinIgnored: false, prefetch: CONFORMING_PREFETCH,
});

export function tierBehaviour(faults: FaultSet): TierBehaviour {
  return {
    // FAULT tier.skip-cold-hash: cold expert files are used without comparing their SHA-256.
    skipColdHash: faults.has('tier.skip-cold-hash'),
    // FAULT tier.evict-in-use: a hot expert leased by a forward pass in flight may be evicted.
    evictInUse: faults.has('tier.evict-in-use'),
    // FAULT tier.evict-pinned: pinned hot experts are eviction candidates like any other.
    evictPinned: faults.has('tier.evict-pinned'),
    // FAULT tier.no-coalescing: concurrent requests for one expert each load it.
    noCoalescing: faults.has('tier.no-coalescing'),
    // FAULT tier.evict-most-recent: the most recently used hot expert is evicted first.
    evictMostRecent: faults.has('tier.evict-most-recent'),
    // FAULT tier.warm-hit-unwritten: a warm hit does not copy the warm payload into its hot slot.
    warmHitUnwritten: faults.has('tier.warm-hit-unwritten'),
    // FAULT tier.slots-rounded-up: the hot tier has ceil(hotBytes / expertBytes) slots.
    slotsRoundedUp: faults.has('tier.slots-rounded-up'),
    // FAULT tier.load-staging-evicts: staging at load evicts earlier experts, leaving the last ones cold.
    loadStagingEvicts: faults.has('tier.load-staging-evicts'),
    // FAULT tier.no-hot-budget-check: a hot budget below one expert is accepted with one slot.
    noHotBudgetCheck: faults.has('tier.no-hot-budget-check'),
    // FAULT tier.charge-omits-warm: a tiered model's resident charge leaves out warmBytes.
    chargeOmitsWarm: faults.has('tier.charge-omits-warm'),
    // FAULT tier.procedural-reported-http: a procedural model reports archive "http".
    proceduralReportedHttp: faults.has('tier.procedural-reported-http'),
    // FAULT tier.warm-keeps-copy: a warm hit leaves the expert in the warm tier as well.
    warmKeepsCopy: faults.has('tier.warm-keeps-copy'),
    // FAULT tier.demote-drops: experts evicted from hot are dropped instead of moved to warm.
    demoteDrops: faults.has('tier.demote-drops'),
    // FAULT tier.miss-not-staged: experts loaded from the archive are not written to the cold tier.
    missNotStaged: faults.has('tier.miss-not-staged'),
    // FAULT tier.cold-budget-unreserved: concurrent cold staging reserves no room and can exceed coldBytes.
    coldBudgetUnreserved: faults.has('tier.cold-budget-unreserved'),
    // FAULT tier.bytes-moved-file-size: bytesMoved.archiveToCold counts file bytes, not payload bytes.
    bytesMovedFileSize: faults.has('tier.bytes-moved-file-size'),
    // FAULT tier.latency-counts-hot-hits: hot hits are recorded in the load-latency histogram.
    latencyCountsHotHits: faults.has('tier.latency-counts-hot-hits'),
    // FAULT tier.warm-hit-counted-cold: warm hits are counted (hits and bytes moved) as cold hits.
    warmHitCountedCold: faults.has('tier.warm-hit-counted-cold'),
    // FAULT tier.evict-memory-keeps-warm: the evict-memory control route leaves the warm tier in place.
    evictMemoryKeepsWarm: faults.has('tier.evict-memory-keeps-warm'),
    // FAULT tier.keep-damaged-copy: a cold copy that fails verification is kept, so every retry fails again.
    keepDamagedCopy: faults.has('tier.keep-damaged-copy'),
    // FAULT tier.archive-unverified: HTTP archive shards are used without comparing their SHA-256.
    archiveUnverified: faults.has('tier.archive-unverified'),
    // FAULT tier.archive-error-internal: archive failures are answered 500 E_INTERNAL.
    archiveErrorInternal: faults.has('tier.archive-error-internal'),
    // FAULT tier.eager-load: a tiered model loaded from shards has layer 0's first experts loaded hot at load.
    eagerLoad: faults.has('tier.eager-load'),
    // FAULT tier.failure-poisons-model: after one failed expert load every request of the model fails.
    failurePoisonsModel: faults.has('tier.failure-poisons-model'),
    // FAULT tier.pin-every-slot: pins may take every hot slot, leaving none for forward passes.
    pinEverySlot: faults.has('tier.pin-every-slot'),
    // FAULT tier.pin-unchecked: pin and unpin accept a layer or expert the model does not have.
    pinUnchecked: faults.has('tier.pin-unchecked'),
    // FAULT tier.unpin-ignored: unpinning leaves the expert pinned.
    unpinIgnored: faults.has('tier.unpin-ignored'),
    prefetch: prefetchBehaviour(faults),
  };
}
