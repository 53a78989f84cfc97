// Fault switches of the dispatch area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const DISPATCH_FAULT_NAMES = [
  // inference/dispatch/dispatch-faults.ts: experts are packed and run in descending global id order (REQ-044-001).
  'dispatch.experts-descending',
  // inference/dispatch/dispatch-faults.ts: each expert's rows are packed in descending row order (REQ-044-002).
  'dispatch.rows-descending',
  // inference/dispatch/dispatch-faults.ts: the capacity is ignored: every expert runs its rows in one batch (REQ-044-003).
  'dispatch.capacity-ignored',
  // inference/dispatch/dispatch-faults.ts: rows beyond an expert's first batch of `capacity` get no output from it (REQ-044-004).
  'dispatch.capacity-drops-overflow',
  // inference/dispatch/dispatch-faults.ts: an expert's outputs are scattered back to its rows in reverse order (REQ-044-005).
  'dispatch.scatter-reversed',
  // storage/tiers/prefetch-faults.ts: layer l+1's experts are predicted with layer l's own router (REQ-045-001).
  'prefetch.same-layer-router',
  // storage/tiers/prefetch-faults.ts: every expert the prediction ranks is staged, beyond the configured limit (REQ-045-002).
  'prefetch.unbounded',
  // storage/tiers/prefetch-faults.ts: a prefetch unpins the unleased pinned experts and may evict them (REQ-045-003).
  'prefetch.unpins-pinned',
  // storage/tiers/prefetch-faults.ts: the prediction's router work is charged to the pass's tokens (REQ-045-004).
  'prefetch.charges-pass',
  // storage/tiers/prefetch-faults.ts: recall is reported as hits / predicted instead of hits / needed (REQ-045-005).
  'prefetch.recall-over-predicted',
  // storage/tiers/prefetch-faults.ts: a prefetch also requests the predicted experts already hot, touching them (REQ-045-006).
  'prefetch.requests-hot',
] as const;
