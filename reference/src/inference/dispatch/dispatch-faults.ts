// Where expert packing and dispatch deviate from SPEC-044 under fault switches (mutants the suite must catch). Each
// deviation is one flag of DispatchBehaviour, read where the rule it breaks lives; without faults all are false.

import type { FaultSet } from '../../faults.ts';

export interface DispatchBehaviour {
  /** Experts are packed in descending global id order. */
  expertsDescending: boolean;
  /** Each expert's rows are packed in descending row order. */
  rowsDescending: boolean;
  /** The capacity is ignored: one batch per expert. */
  capacityIgnored: boolean;
  /** Only an expert's first batch runs; its other rows get nothing from it. */
  capacityDropsOverflow: boolean;
  /** An expert's outputs go back to its rows in reverse order. */
  scatterReversed: boolean;
}

export const CONFORMING_DISPATCH: DispatchBehaviour = Object.freeze({
  expertsDescending: false, rowsDescending: false, capacityIgnored: false, capacityDropsOverflow: false, scatterReversed: false,
});

export function dispatchBehaviour(faults: FaultSet): DispatchBehaviour {
  return {
    // FAULT dispatch.experts-descending: experts are packed and run in descending global id order.
    expertsDescending: faults.has('dispatch.experts-descending'),
    // FAULT dispatch.rows-descending: each expert's rows are packed in descending row order.
    rowsDescending: faults.has('dispatch.rows-descending'),
    // FAULT dispatch.capacity-ignored: every expert runs all its rows in one batch whatever the capacity.
    capacityIgnored: faults.has('dispatch.capacity-ignored'),
    // FAULT dispatch.capacity-drops-overflow: rows beyond an expert's first batch of `capacity` get no output from it.
    capacityDropsOverflow: faults.has('dispatch.capacity-drops-overflow'),
    // FAULT dispatch.scatter-reversed: an expert's outputs are scattered back to its rows in reverse order.
    scatterReversed: faults.has('dispatch.scatter-reversed'),
  };
}
