// Where the tier prefetch deviates from SPEC-045 under fault switches (mutants the suite must catch). Each deviation
// is one flag of PrefetchBehaviour (a member of TierBehaviour), read where the rule it breaks lives.

import type { FaultSet } from '../../faults.ts';

export interface PrefetchBehaviour {
  /** Layer l+1's experts are predicted with layer l's router. */
  sameLayerRouter: boolean;
  /** Every expert the prediction ranks is staged, whatever the limit. */
  unbounded: boolean;
  /** A prefetch unpins the pinned experts no pass holds, making them eviction candidates. */
  unpinsPinned: boolean;
  /** The prediction's router work is charged to the tokens of the pass. */
  chargesPass: boolean;
  /** recall = hits / predicted. */
  recallOverPredicted: boolean;
  /** A prefetch requests the predicted experts already hot as well. */
  requestsHot: boolean;
}

export const CONFORMING_PREFETCH: PrefetchBehaviour = Object.freeze({
  sameLayerRouter: false, unbounded: false, unpinsPinned: false, chargesPass: false, recallOverPredicted: false, requestsHot: false,
});

export function prefetchBehaviour(faults: FaultSet): PrefetchBehaviour {
  return {
    // FAULT prefetch.same-layer-router: layer l+1's experts are predicted with layer l's own router.
    sameLayerRouter: faults.has('prefetch.same-layer-router'),
    // FAULT prefetch.unbounded: every expert the prediction ranks is staged, beyond tiers.prefetch.experts.
    unbounded: faults.has('prefetch.unbounded'),
    // FAULT prefetch.unpins-pinned: a prefetch unpins the pinned experts no pass holds and may evict them.
    unpinsPinned: faults.has('prefetch.unpins-pinned'),
    // FAULT prefetch.charges-pass: the prediction's router FLOPs and bytes are charged to the pass's tokens.
    chargesPass: faults.has('prefetch.charges-pass'),
    // FAULT prefetch.recall-over-predicted: recall is reported as hits / predicted.
    recallOverPredicted: faults.has('prefetch.recall-over-predicted'),
    // FAULT prefetch.requests-hot: a prefetch also requests the predicted experts that are already hot.
    requestsHot: faults.has('prefetch.requests-hot'),
  };
}
