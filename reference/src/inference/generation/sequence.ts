// What the scheduler holds for one generation: the validated request (SequenceRequest) while it is queued, and the
// running state (RunningSequence) once its KV pages are reserved.

import type { ForwardFaults } from '../../forward/forward-behaviour.ts';
import type { ForwardModel, RoutingPolicy } from '../../forward/forward-types.ts';
import { Completion, type CompletionFaults } from './completion.ts';
import type { Generation } from './generation.ts';
import { PAGE_TOKENS, type KvPage } from './kv-pool.ts';
import { PagedSequenceKv } from './paged-kv.ts';
import type { SamplingParams } from './sampling.ts';
import type { TokenFlopCounts } from '../../forward/token-ledger.ts';

export interface SequenceRequest {
  generation: Generation;
  model: ForwardModel;
  prompt: readonly number[];
  maxTokens: number;
  sampling: SamplingParams;
  stop: readonly (readonly number[])[];
  routingSeed: string;
  policy: RoutingPolicy | undefined;
  /** Canonical text of the policy: sequences share a forward batch only with equal seed and policy. */
  policyKey: string;
  /** Clock reading after which the generation fails with E_DEADLINE_EXCEEDED; null for none. */
  deadlineAt: number | null;
  /** Prefix key of prompt page j (covering tokens 0 .. 16(j+1)-1), one per full prompt page. */
  prefixKeys: readonly string[];
  forwardFaults: ForwardFaults;
  /** Prices each executed row from its ledger FLOPs (SPEC-048); null when the deployment has no cost model. */
  meter: { rowCost(flops: Pick<TokenFlopCounts, 'router' | 'experts'>): number } | null;
  /** Scheduler step count when it was queued. */
  queuedAtStep: number;
}

/** Pages a generation of this prompt and maxTokens needs in all. */
export function pagesNeeded(promptTokens: number, maxTokens: number): number {
  return Math.ceil((promptTokens + maxTokens) / PAGE_TOKENS);
}

/** Prefix pages a prompt may reuse: its last token is always computed, so never the page holding it. */
export function reusablePages(promptTokens: number): number {
  return Math.floor((promptTokens - 1) / PAGE_TOKENS);
}

export class RunningSequence {
  readonly request: SequenceRequest;
  readonly pages: readonly KvPage[];
  readonly kv: PagedSequenceKv;
  readonly completion: Completion;
  readonly cachedTokens: number;
  readonly queueSteps: number;
  steps = 0;
  /** Cost of the rows executed so far (SPEC-048). */
  cost = 0;
  /** Prompt pages already indexed for reuse. */
  indexedPages: number;

  constructor(request: SequenceRequest, pages: readonly KvPage[], reusedPages: number, queueSteps: number, faults?: CompletionFaults) {
    this.request = request;
    this.pages = pages;
    this.cachedTokens = reusedPages * PAGE_TOKENS;
    this.indexedPages = reusedPages;
    this.queueSteps = queueSteps;
    const { layers, dModel } = request.model.descriptor;
    this.kv = new PagedSequenceKv(pages, layers, dModel, this.cachedTokens);
    this.completion = new Completion(request.stop, request.maxTokens, faults);
  }

  /** The tokens this sequence feeds the next step: the uncached prompt first, then its last sampled token. */
  nextRows(): number[] {
    if (this.steps === 0) return this.request.prompt.slice(this.cachedTokens);
    return [this.completion.sampled[this.completion.sampled.length - 1]!];
  }
}
