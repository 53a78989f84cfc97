// The counters a tiered model reports (SPEC-023 §4.3): hits per tier, archive misses, loads shared by concurrent
// requests, evictions per tier, bytes moved between tiers, and failures. All only ever increase.

export interface TierCounters {
  hits: { hot: number; warm: number; cold: number };
  /** Loads that went to the archive. */
  misses: number;
  /** Requests that found their expert already loading for another request and shared that load. */
  coalesced: number;
  evictions: { hot: number; warm: number; cold: number };
  bytesMoved: { archiveToHot: number; archiveToCold: number; coldToHot: number; warmToHot: number; hotToWarm: number };
  /** Cold copies that failed their size, SHA-256 or format check. */
  integrityFailures: number;
  /** Archive fetches that failed. */
  archiveFailures: number;
}

export function newCounters(): TierCounters {
  return {
    hits: { hot: 0, warm: 0, cold: 0 },
    misses: 0,
    coalesced: 0,
    evictions: { hot: 0, warm: 0, cold: 0 },
    bytesMoved: { archiveToHot: 0, archiveToCold: 0, coldToHot: 0, warmToHot: 0, hotToWarm: 0 },
    integrityFailures: 0,
    archiveFailures: 0,
  };
}
