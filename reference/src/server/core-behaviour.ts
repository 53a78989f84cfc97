// Where the core-layer routes deviate from SPEC-001..010 under fault switches. Read once when the server is built,
// so request handlers and the forward pass only see plain booleans; every field is false/conforming without faults.

import type { FaultSet } from '../faults.ts';

export interface CoreBehaviour {
  omitForwardCapability: boolean;
  declareBudgetBelowCore: boolean;
  liveMemoryBudget: boolean;
  declareFlopsBoundOverstated: boolean;
  seedZeroInProduction: boolean;
  extraSequenceMember: boolean;
  sequencesByLength: boolean;
  v1ForwardAs500: boolean;
  noLengthCheck: boolean;
  tokenModulo: boolean;
  lazyValidation: boolean;
  ignoreDeadline: boolean;
  delaySkipsShared: boolean;
  resetKeepsDelay: boolean;
  partialOnDeadline: boolean;
  forwardIgnoresSeedOverride: boolean;
  routeV2LayerZero: boolean;
  resetKeepsBudget: boolean;
  coalesceDropsTrace: boolean;
  padToLongestInFlight: boolean;
  seedPerLayer: boolean;
  unloadFailsInFlight: boolean;
  reportReadyWhenDegraded: boolean;
  failedRefusesReads: boolean;
  degradedSkipsShared: boolean;
  sinceCountsLoads: boolean;
  drainAbortsInFlight: boolean;
  leftPadRequest: boolean;
  reloadRopeBinary32: boolean;
}

export function coreBehaviour(faults: FaultSet): CoreBehaviour {
  return {
    // FAULT info.no-forward-capability: GET /v1/info leaves "forward" out of `capabilities`.
    omitForwardCapability: faults.has('info.no-forward-capability'),
    // FAULT info.memory-budget-below-core: declares memoryBudgetBytes 1048576; the real budget is still enforced.
    declareBudgetBelowCore: faults.has('info.memory-budget-below-core'),
    // FAULT info.live-memory-budget: GET /v1/info reports the current budget, so the body changes.
    liveMemoryBudget: faults.has('info.live-memory-budget'),
    // FAULT info.flops-bound-overstated: declares maxActiveFlopsPerToken 2^53-1; the real bound is still enforced.
    declareFlopsBoundOverstated: faults.has('info.flops-bound-overstated'),
    // FAULT protocol.production-seed-zero: a production instance routes and forwards with seed 0.
    seedZeroInProduction: faults.has('protocol.production-seed-zero'),
    // FAULT forward.extra-member: sequence results carry `elapsedMs`, which the schema forbids.
    extraSequenceMember: faults.has('forward.extra-member'),
    // FAULT forward.sequences-by-length: sequence results sorted longest first.
    sequencesByLength: faults.has('forward.sequences-by-length'),
    // FAULT forward.v1-as-500: forward on a router-only model is an internal error.
    v1ForwardAs500: faults.has('forward.v1-as-500'),
    // FAULT forward.no-length-check: long sequences truncated, empty ones dropped, the total unchecked.
    noLengthCheck: faults.has('forward.no-length-check'),
    // FAULT forward.token-modulo: token ids reduced modulo vocab instead of refused.
    tokenModulo: faults.has('forward.token-modulo'),
    // FAULT forward.lazy-validation: sequences are checked one at a time as they run.
    lazyValidation: faults.has('forward.lazy-validation'),
    // FAULT deadline.ignored: deadlineMs never fails a request.
    ignoreDeadline: faults.has('deadline.ignored'),
    // FAULT forward.delay-skips-shared-expert: a nonzero control delay drops the shared expert.
    delaySkipsShared: faults.has('forward.delay-skips-shared-expert'),
    // FAULT control.reset-keeps-delay: reset leaves the forward delay set.
    resetKeepsDelay: faults.has('control.reset-keeps-delay'),
    // FAULT forward.partial-on-deadline: sequences completed before the deadline are answered with 200.
    partialOnDeadline: faults.has('forward.partial-on-deadline'),
    // FAULT forward.seed-override-ignored: forward uses and reports the descriptor seed only.
    forwardIgnoresSeedOverride: faults.has('forward.seed-override-ignored'),
    // FAULT routing.v2-layer-zero: /v1/route on a formatVersion 2 model scores with layer 0's router tensors.
    routeV2LayerZero: faults.has('routing.v2-layer-zero'),
    // FAULT control.reset-keeps-budget: reset leaves the memory budget where PUT memory-budget put it.
    resetKeepsBudget: faults.has('control.reset-keeps-budget'),
    // FAULT concurrency.coalesce-drops-trace: identical concurrent forwards share one result, followers lose `routes`.
    coalesceDropsTrace: faults.has('concurrency.coalesce-drops-trace'),
    // FAULT concurrency.batch-pads-to-longest: a forward admitted while others run is left-padded to their longest sequence.
    padToLongestInFlight: faults.has('concurrency.batch-pads-to-longest'),
    // FAULT concurrency.seed-read-per-layer: forward re-reads the seed override before every layer.
    seedPerLayer: faults.has('concurrency.seed-read-per-layer'),
    // FAULT concurrency.unload-frees-in-flight: a forward whose model was deleted fails with E_INTERNAL at its next layer.
    unloadFailsInFlight: faults.has('concurrency.unload-frees-in-flight'),
    // FAULT state.report-ready-when-degraded: GET /v1/state says ready while degraded.
    reportReadyWhenDegraded: faults.has('state.report-ready-when-degraded'),
    // FAULT state.failed-refuses-reads: GET /v1/models is refused in `failed`.
    failedRefusesReads: faults.has('state.failed-refuses-reads'),
    // FAULT state.degraded-skips-shared-expert: forward drops the shared expert while degraded.
    degradedSkipsShared: faults.has('state.degraded-skips-shared-expert'),
    // FAULT state.since-counts-loads: a successful model load increments `since`.
    sinceCountsLoads: faults.has('state.since-counts-loads'),
    // FAULT state.drain-aborts-in-flight: forwards in flight when drain arrives fail with E_STATE_UNAVAILABLE.
    drainAbortsInFlight: faults.has('state.drain-aborts-in-flight'),
    // FAULT forward.batch-left-pad: a request's sequences are left-padded with token 0 to its longest one.
    leftPadRequest: faults.has('forward.batch-left-pad'),
    // FAULT forward.reload-rope-binary32: models loaded from a manifest already loaded before get binary32 RoPE angles.
    reloadRopeBinary32: faults.has('forward.reload-rope-binary32'),
  };
}
