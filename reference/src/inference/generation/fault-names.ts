// Fault switches of the generation area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const GENERATION_FAULT_NAMES = [
  // generation/scheduler.ts: a first step of n >= 2 rows samples from row n-2 (REQ-043-001).
  'gen.first-step-wrong-row',
  // generation/sampling.ts: completion token i draws from the stream of index i+1 (REQ-043-002).
  'gen.sample-index-offset',
  // generation/sampling.ts: top-p keeps every candidate (REQ-043-003).
  'gen.top-p-ignored',
  // generation/scheduler.ts: in a batch of several sequences each samples from the batch's last row (REQ-043-004).
  'gen.batch-wrong-logits-row',
  // generation/completion.ts: a matched stop sequence stays in the output (REQ-043-005).
  'gen.stop-included',
  // generation/completion.ts: generation ends one token before maxTokens (REQ-043-006).
  'gen.max-tokens-short',
  // generation/service.ts: prompt + maxTokens may exceed maxSeq by one (REQ-043-007).
  'gen.length-check-off-by-one',
  // generation/service.ts: prompt token ids are not checked against the vocab (REQ-043-008).
  'gen.token-range-unchecked',
  // generation/scheduler.ts: admission ignores maxBatch (REQ-043-009).
  'gen.max-batch-ignored',
  // generation/scheduler.ts: steps run while the scheduler is paused (REQ-043-010).
  'gen.pause-ignored',
  // generation/scheduler.ts: the result text maps each byte to one character (Latin-1) (REQ-043-011).
  'gen.text-latin1',
  // generation/scheduler.ts: a cancelled generation keeps its pages (REQ-046-001).
  'kv.cancel-leaks-pages',
  // generation/kv-pool.ts: generations are admitted without free pages, overcommitting the pool (REQ-046-002).
  'kv.admit-without-pages',
  // generation/scheduler.ts: the E_MEMORY_KV check counts only the prompt's pages (REQ-046-003).
  'kv.memory-check-prompt-only',
  // generation/scheduler.ts: cached prefix pages are never looked up (REQ-046-004).
  'kv.no-prefix-reuse',
  // generation/scheduler.ts: rows after reused pages take positions from 0 (REQ-046-005).
  'kv.reuse-positions-from-zero',
  // generation/service.ts: prefix keys use one secret for every tenant (REQ-046-006).
  'kv.prefix-shared-across-tenants',
  // generation/service.ts: prefix keys leave out the routing seed (REQ-046-007).
  'kv.prefix-key-ignores-seed',
  // generation/kv-pool.ts: the most recently used cached page is evicted first (REQ-046-008).
  'kv.evict-most-recent',
  // inference/inference-wiring.ts: reset keeps the prefix cache and pool counters (REQ-046-009).
  'kv.reset-keeps-cache',
  // server/routes-generate.ts: SSE ids start at 1 (REQ-047-001).
  'stream.ids-from-one',
  // generation/completion.ts: a token event's text decodes its byte alone (REQ-047-002).
  'stream.token-text-per-byte',
  // generation/scheduler.ts: the usage event's totalTokens leaves out the prompt (REQ-047-003).
  'stream.usage-total-without-prompt',
  // server/routes-generate.ts: a resumed stream repeats the Last-Event-ID event (REQ-047-004).
  'stream.resume-includes-last',
  // server/routes-generate.ts: a client leaving the stream does not cancel its generation (REQ-047-005).
  'stream.disconnect-ignored',
  // server/routes-generate.ts: DELETE waits for the generation instead of cancelling it (REQ-047-006).
  'stream.delete-ignored',
  // generation/service.ts: generations are found whoever asks (REQ-047-007).
  'stream.cross-tenant-visible',
  // generation/scheduler.ts: a failed generation ends as length with usage and done (REQ-047-008).
  'stream.error-as-length',
  // server/routes-generate.ts: the status outcome drops the last token (REQ-047-009).
  'stream.status-drops-last-token',
] as const;
