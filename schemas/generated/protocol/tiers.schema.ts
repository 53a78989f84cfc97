/* Generated from schemas/protocol/tiers.schema.json by npm run gen. Do not edit. */

/**
 * Model id.
 */
export type ModelName = string;
/**
 * Bytes of one expert's payload: 3 x dModel x dFF x 4.
 */
export type NonNegativeSafeInteger = number;
/**
 * Routed experts of the model: layers x tiers x groupsPerTier x expertsPerGroup.
 */
export type NonNegativeSafeInteger1 = number;
/**
 * Byte budget of the tier.
 */
export type NonNegativeSafeInteger2 = number;
/**
 * Bytes the tier holds now; never above budgetBytes.
 */
export type NonNegativeSafeInteger3 = number;
/**
 * Experts the tier holds now.
 */
export type NonNegativeSafeInteger4 = number;
/**
 * Hot slots: floor(budgetBytes / expertBytes).
 */
export type NonNegativeSafeInteger5 = number;
/**
 * Slots pinned.
 */
export type NonNegativeSafeInteger6 = number;
/**
 * Byte budget of the tier.
 */
export type NonNegativeSafeInteger7 = number;
/**
 * Bytes the tier holds now; never above budgetBytes.
 */
export type NonNegativeSafeInteger8 = number;
/**
 * Experts the tier holds now.
 */
export type NonNegativeSafeInteger9 = number;
/**
 * Byte budget of the tier.
 */
export type NonNegativeSafeInteger10 = number;
/**
 * Bytes the tier holds now; never above budgetBytes.
 */
export type NonNegativeSafeInteger11 = number;
/**
 * Experts the tier holds now.
 */
export type NonNegativeSafeInteger12 = number;
/**
 * Hot hits.
 */
export type NonNegativeSafeInteger13 = number;
/**
 * Warm hits.
 */
export type NonNegativeSafeInteger14 = number;
/**
 * Cold hits (file read and verified).
 */
export type NonNegativeSafeInteger15 = number;
/**
 * Loads that went to the archive.
 */
export type NonNegativeSafeInteger16 = number;
/**
 * Requests that found their expert already loading for another request and shared that load.
 */
export type NonNegativeSafeInteger17 = number;
/**
 * Hot evictions (to warm).
 */
export type NonNegativeSafeInteger18 = number;
/**
 * Warm evictions.
 */
export type NonNegativeSafeInteger19 = number;
/**
 * Cold files removed to stay within the budget.
 */
export type NonNegativeSafeInteger20 = number;
/**
 * Archive to hot.
 */
export type NonNegativeSafeInteger21 = number;
/**
 * Archive (or load) to cold files.
 */
export type NonNegativeSafeInteger22 = number;
/**
 * Cold to hot.
 */
export type NonNegativeSafeInteger23 = number;
/**
 * Warm to hot.
 */
export type NonNegativeSafeInteger24 = number;
/**
 * Hot to warm (demotions).
 */
export type NonNegativeSafeInteger25 = number;
/**
 * Cold copies that failed their size, SHA-256 or format check.
 */
export type NonNegativeSafeInteger26 = number;
/**
 * Archive fetches that failed.
 */
export type NonNegativeSafeInteger27 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger28 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger29 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger30 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger31 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger32 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger33 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger34 = number;
/**
 * A count or size that a binary64 represents exactly: an integer in 0..2^53-1, such as a number of bytes or FLOPs.
 */
export type NonNegativeSafeInteger35 = number;

/**
 * Response of GET /v1/tiers/{model} (SPEC-021, SPEC-023): where a model's routed experts are kept, each tier's budget and contents, the counters and the load-latency histogram.
 */
export interface Tiers {
  model: ModelName;
  /**
   * Where every expert can be had again: http (the model's own shards in its manifest's store), procedural (generated from the seed on demand), resident (not tiered: every expert is held hot).
   */
  archive: 'http' | 'procedural' | 'resident';
  expertBytes: NonNegativeSafeInteger;
  experts: NonNegativeSafeInteger1;
  /**
   * The hot tier.
   */
  hot: {
    budgetBytes: NonNegativeSafeInteger2;
    usedBytes: NonNegativeSafeInteger3;
    experts: NonNegativeSafeInteger4;
    slots: NonNegativeSafeInteger5;
    pinned: NonNegativeSafeInteger6;
  };
  /**
   * The warm tier.
   */
  warm: {
    budgetBytes: NonNegativeSafeInteger7;
    usedBytes: NonNegativeSafeInteger8;
    experts: NonNegativeSafeInteger9;
  };
  /**
   * The cold tier.
   */
  cold: {
    budgetBytes: NonNegativeSafeInteger10;
    usedBytes: NonNegativeSafeInteger11;
    experts: NonNegativeSafeInteger12;
  };
  /**
   * Counters since the model was loaded; they only increase.
   */
  counters: {
    /**
     * Requests for an expert served by each tier: hot (already in a slot), warm, cold.
     */
    hits: {
      hot: NonNegativeSafeInteger13;
      warm: NonNegativeSafeInteger14;
      cold: NonNegativeSafeInteger15;
    };
    misses: NonNegativeSafeInteger16;
    coalesced: NonNegativeSafeInteger17;
    /**
     * Experts evicted from each tier.
     */
    evictions: {
      hot: NonNegativeSafeInteger18;
      warm: NonNegativeSafeInteger19;
      cold: NonNegativeSafeInteger20;
    };
    /**
     * Payload bytes moved between tiers.
     */
    bytesMoved: {
      archiveToHot: NonNegativeSafeInteger21;
      archiveToCold: NonNegativeSafeInteger22;
      coldToHot: NonNegativeSafeInteger23;
      warmToHot: NonNegativeSafeInteger24;
      hotToWarm: NonNegativeSafeInteger25;
    };
    integrityFailures: NonNegativeSafeInteger26;
    archiveFailures: NonNegativeSafeInteger27;
  };
  /**
   * Histogram of the time each expert took to become hot when it was not.
   */
  loadLatencyMs: {
    /**
     * Inclusive upper bounds of the buckets in milliseconds, ascending.
     *
     * @minItems 1
     */
    boundsMs: number[];
    /**
     * Loads per bucket; one more entry than boundsMs, the last for loads above the last bound.
     *
     * @minItems 2
     */
    counts: NonNegativeSafeInteger28[];
    count: NonNegativeSafeInteger29;
    /**
     * Sum of the recorded latencies in milliseconds.
     */
    sumMs: number;
  };
  /**
   * The dynamic tier prefetch of SPEC-045 since the model was loaded; every figure 0 for a model loaded without one, and for a resident model.
   */
  prefetch: {
    experts: NonNegativeSafeInteger30;
    predicted: NonNegativeSafeInteger31;
    staged: NonNegativeSafeInteger32;
    hits: NonNegativeSafeInteger33;
    wasted: NonNegativeSafeInteger34;
    needed: NonNegativeSafeInteger35;
    /**
     * hits / needed in binary64; 0 while needed is 0.
     */
    recall: number;
  };
}
