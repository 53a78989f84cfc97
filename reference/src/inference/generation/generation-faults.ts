// Where generation, the KV pool and streaming deviate from SPEC-043, SPEC-046 and SPEC-047 under fault switches
// (mutants the suite must catch). Each switch is read here, once; the flag is used where the rule it breaks lives.

import type { FaultSet } from '../../faults.ts';

export interface GenerationBehaviour {
  firstStepWrongRow: boolean;
  sampleIndexOffset: boolean;
  topPIgnored: boolean;
  batchWrongLogitsRow: boolean;
  stopIncluded: boolean;
  maxTokensShort: boolean;
  lengthCheckOffByOne: boolean;
  tokenRangeUnchecked: boolean;
  maxBatchIgnored: boolean;
  pauseIgnored: boolean;
  textLatin1: boolean;
  cancelLeaksPages: boolean;
  admitWithoutPages: boolean;
  memoryCheckPromptOnly: boolean;
  noPrefixReuse: boolean;
  reusePositionsFromZero: boolean;
  prefixSharedAcrossTenants: boolean;
  prefixKeyIgnoresSeed: boolean;
  evictMostRecent: boolean;
  resetKeepsCache: boolean;
  idsFromOne: boolean;
  tokenTextPerByte: boolean;
  usageTotalWithoutPrompt: boolean;
  resumeIncludesLast: boolean;
  disconnectIgnored: boolean;
  deleteIgnored: boolean;
  crossTenantVisible: boolean;
  errorAsLength: boolean;
  statusDropsLastToken: boolean;
}

export function generationBehaviour(faults: FaultSet): GenerationBehaviour {
  return {
    // FAULT gen.first-step-wrong-row: a multi-row first step samples from its second-to-last row.
    firstStepWrongRow: faults.has('gen.first-step-wrong-row'),
    // FAULT gen.sample-index-offset: completion token i draws from the sample stream of i+1.
    sampleIndexOffset: faults.has('gen.sample-index-offset'),
    // FAULT gen.top-p-ignored: the nucleus is never cut.
    topPIgnored: faults.has('gen.top-p-ignored'),
    // FAULT gen.batch-wrong-logits-row: sequences batched together sample from the batch's last row.
    batchWrongLogitsRow: faults.has('gen.batch-wrong-logits-row'),
    // FAULT gen.stop-included: the matched stop sequence stays in the output.
    stopIncluded: faults.has('gen.stop-included'),
    // FAULT gen.max-tokens-short: generation ends at maxTokens - 1 tokens (at least one).
    maxTokensShort: faults.has('gen.max-tokens-short'),
    // FAULT gen.length-check-off-by-one: prompt + maxTokens = maxSeq + 1 is accepted.
    lengthCheckOffByOne: faults.has('gen.length-check-off-by-one'),
    // FAULT gen.token-range-unchecked: prompt tokens are not checked against the vocab.
    tokenRangeUnchecked: faults.has('gen.token-range-unchecked'),
    // FAULT gen.max-batch-ignored: admission does not stop at maxBatch.
    maxBatchIgnored: faults.has('gen.max-batch-ignored'),
    // FAULT gen.pause-ignored: the step loop does not read the paused flag.
    pauseIgnored: faults.has('gen.pause-ignored'),
    // FAULT gen.text-latin1: result texts map bytes to characters one to one.
    textLatin1: faults.has('gen.text-latin1'),
    // FAULT kv.cancel-leaks-pages: cancelled generations keep their pages.
    cancelLeaksPages: faults.has('kv.cancel-leaks-pages'),
    // FAULT kv.admit-without-pages: admission overcommits the pool instead of waiting for pages.
    admitWithoutPages: faults.has('kv.admit-without-pages'),
    // FAULT kv.memory-check-prompt-only: E_MEMORY_KV counts the prompt's pages only.
    memoryCheckPromptOnly: faults.has('kv.memory-check-prompt-only'),
    // FAULT kv.no-prefix-reuse: cached prefix pages are never looked up.
    noPrefixReuse: faults.has('kv.no-prefix-reuse'),
    // FAULT kv.reuse-positions-from-zero: the rows after reused pages take positions from 0.
    reusePositionsFromZero: faults.has('kv.reuse-positions-from-zero'),
    // FAULT kv.prefix-shared-across-tenants: one secret keys every tenant's prefixes.
    prefixSharedAcrossTenants: faults.has('kv.prefix-shared-across-tenants'),
    // FAULT kv.prefix-key-ignores-seed: the routing seed is left out of prefix keys.
    prefixKeyIgnoresSeed: faults.has('kv.prefix-key-ignores-seed'),
    // FAULT kv.evict-most-recent: the most recently used cached page is evicted first.
    evictMostRecent: faults.has('kv.evict-most-recent'),
    // FAULT kv.reset-keeps-cache: reset leaves the prefix cache and pool counters.
    resetKeepsCache: faults.has('kv.reset-keeps-cache'),
    // FAULT stream.ids-from-one: SSE ids are 1-based.
    idsFromOne: faults.has('stream.ids-from-one'),
    // FAULT stream.token-text-per-byte: a token event's text decodes its byte alone.
    tokenTextPerByte: faults.has('stream.token-text-per-byte'),
    // FAULT stream.usage-total-without-prompt: the usage event's totalTokens is the completion count.
    usageTotalWithoutPrompt: faults.has('stream.usage-total-without-prompt'),
    // FAULT stream.resume-includes-last: resumption replays the Last-Event-ID event too.
    resumeIncludesLast: faults.has('stream.resume-includes-last'),
    // FAULT stream.disconnect-ignored: a client leaving a stream does not cancel it.
    disconnectIgnored: faults.has('stream.disconnect-ignored'),
    // FAULT stream.delete-ignored: DELETE waits for the generation to end by itself.
    deleteIgnored: faults.has('stream.delete-ignored'),
    // FAULT stream.cross-tenant-visible: any principal finds any generation.
    crossTenantVisible: faults.has('stream.cross-tenant-visible'),
    // FAULT stream.error-as-length: a failed generation ends as length with usage and done.
    errorAsLength: faults.has('stream.error-as-length'),
    // FAULT stream.status-drops-last-token: the status outcome leaves out the last token.
    statusDropsLastToken: faults.has('stream.status-drops-last-token'),
  };
}

export const CONFORMING_GENERATION: Readonly<GenerationBehaviour> = generationBehaviour(new Set());
