// Where generation, the KV pool and streaming deviate from SPEC-043, SPEC-046 and SPEC-047 under fault switches
// (mutants the suite must catch). Each switch is read here, once; the flag is used where the rule it breaks lives.

import type { FaultSet } from '../../faults.ts';
import type { PoolFaults } from './kv-pool.ts';
import type { SchedulerFaults } from './scheduler.ts';

export interface GenerationFaults {
  scheduler: SchedulerFaults;
  pool: PoolFaults;
}

export function generationFaults(faults: FaultSet): GenerationFaults {
  return {
    scheduler: {
      // Greedy ties cannot be provoked through a model the suite serves yet, so no switch breaks them.
      greedyLastMax: false,
      // FAULT gen.sample-stream-unindexed: every completion token draws from the index-0 sample stream.
      sampleStreamUnindexed: faults.has('gen.sample-stream-unindexed'),
      // FAULT gen.top-p-ignored: the nucleus is never cut.
      topPIgnored: faults.has('gen.top-p-ignored'),
      // FAULT gen.batch-shared-sampling: every sequence of a step samples from the first sequence's logits row.
      batchSharedSampling: faults.has('gen.batch-shared-sampling'),
      // FAULT gen.stop-ignored: stop sequences are not matched.
      stopIgnored: faults.has('gen.stop-ignored'),
      // FAULT kv.no-page-release: finished generations keep their pages.
      noPageRelease: faults.has('kv.no-page-release'),
      // FAULT kv.reuse-last-prompt-page: the last prompt token's page is reused too.
      reuseLastPage: faults.has('kv.reuse-last-prompt-page'),
    },
    pool: {
      // FAULT kv.evict-referenced: pages held by running generations are eviction candidates.
      evictReferenced: faults.has('kv.evict-referenced'),
      // FAULT kv.evict-most-recent: the most recently used cached page is evicted first.
      evictMostRecent: faults.has('kv.evict-most-recent'),
    },
  };
}
