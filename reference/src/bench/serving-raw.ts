// The baseline of the serving benchmark: the same generations run straight through a Scheduler in this process, no
// HTTP, no service and no telemetry, at the batch size the server runs: the rate the model steps at when nothing
// but the generation engine is in the way.

import { systemClock } from '../clock.ts';
import { NO_FORWARD_FAULTS } from '../forward/forward-behaviour.ts';
import type { ForwardModel } from '../forward/forward-types.ts';
import { Generation } from '../inference/generation/generation.ts';
import { KvPagePool } from '../inference/generation/kv-pool.ts';
import { Scheduler } from '../inference/generation/scheduler.ts';
import { FairQueue } from '../inference/tenants/fair-queue.ts';
import { NO_FAULTS } from '../faults.ts';
import type { SequenceRequest } from '../inference/generation/sequence.ts';
import { DEFAULT_MODEL_DESCRIPTOR, generateModelWeights } from '../model/builtin-models.ts';
import type { DescriptorV2 } from '../model/manifest-types.ts';

export interface RawRun {
  wallMs: number;
  /** Completion tokens of each prompt, in the order given. */
  tokens: number[][];
  steps: number;
}

export class RawGenerator {
  private readonly model: ForwardModel;
  private readonly scheduler: Scheduler;
  private count = 0;

  constructor(maxBatch: number, descriptor: DescriptorV2 = DEFAULT_MODEL_DESCRIPTOR) {
    this.model = { id: descriptor.name, descriptor, transformer: generateModelWeights(descriptor).transformer! };
    this.scheduler = new Scheduler({
      clock: systemClock, pool: new KvPagePool(1024), // One tenant: the fair queue serves it first come, first served, as the server serves the bench's one tenant.
      queue: new FairQueue<SequenceRequest>(NO_FAULTS), maxBatch, perLayerDelayMs: () => 0,
      errorBody: (code, message) => ({ code, domain: 'internal', message, retryable: false }),
    });
  }

  /** Greedy generations of `maxTokens` for every prompt, all queued at once; a new one starts as soon as a slot frees. */
  async run(prompts: readonly number[][], maxTokens: number): Promise<RawRun> {
    const { seed } = this.model.descriptor;
    const stepsBefore = this.scheduler.steps;
    const started = performance.now();
    const done = prompts.map((prompt) => {
      const generation = new Generation(`raw-${this.count++}`, this.model.id, 'bench', prompt.length);
      const request: SequenceRequest = {
        generation, model: this.model, prompt, maxTokens, sampling: { temperature: 0, topP: 1, seed: '0' }, stop: [],
        routingSeed: seed, policy: undefined, policyKey: '-', deadlineAt: null, prefixKeys: [], forwardFaults: NO_FORWARD_FAULTS,
        meter: null, queuedAtStep: 0,
      };
      this.scheduler.submit(request);
      return generation.done;
    });
    const outcomes = await Promise.all(done);
    const wallMs = performance.now() - started;
    for (const outcome of outcomes) if (outcome.errorCode !== undefined) throw new Error(`raw generation failed: ${outcome.error?.message}`);
    return { wallMs, tokens: outcomes.map((outcome) => outcome.tokens), steps: this.scheduler.steps - stepsBefore };
  }
}
