// Fault switches of the generation area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const GENERATION_FAULT_NAMES = [
  // inference/generation/sampling.ts: every completion token draws from stream index 0 (SPEC-043).
  'gen.sample-stream-unindexed',
  // inference/generation/sampling.ts: top-p keeps every candidate (SPEC-043).
  'gen.top-p-ignored',
  // inference/generation/scheduler.ts: every sequence of a step samples from the first sequence's logits (SPEC-043).
  'gen.batch-shared-sampling',
  // inference/generation/completion.ts: stop sequences never end a generation (SPEC-043).
  'gen.stop-ignored',
  // inference/generation/scheduler.ts: a finished generation keeps its KV pages (SPEC-046).
  'kv.no-page-release',
  // inference/generation/scheduler.ts: the page holding the last prompt token is reused from the prefix cache (SPEC-046).
  'kv.reuse-last-prompt-page',
  // inference/generation/kv-pool.ts: eviction may take a page a running generation holds (SPEC-046).
  'kv.evict-referenced',
  // inference/generation/kv-pool.ts: the most recently used cached page is evicted first (SPEC-046).
  'kv.evict-most-recent',
] as const;
