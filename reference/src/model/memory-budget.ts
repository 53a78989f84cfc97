// The resident-parameter budget (SPEC-006): models hold 4 bytes per parameter, and the sum over loaded models plus
// loads in flight never exceeds the budget. Loads reserve their bytes before fetching anything, so two concurrent
// loads cannot both fit into the same room, and release the reservation whatever the outcome.

import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';

/** Where the budget deviates from SPEC-006 under fault switches; all false without faults. */
export interface BudgetFaults {
  refuseAsCapacity: boolean;
  noReservation: boolean;
  strictLessThan: boolean;
  acceptBelowUsed: boolean;
}

export function budgetFaults(faults: FaultSet): BudgetFaults {
  return {
    // FAULT memory.budget-as-capacity: an over-budget load is refused as E_MODEL_CAPACITY.
    refuseAsCapacity: faults.has('memory.budget-as-capacity'),
    // FAULT memory.check-then-commit-race: loads check the budget but reserve nothing while they fetch.
    noReservation: faults.has('memory.check-then-commit-race'),
    // FAULT memory.strict-less-than: a load that would fill the budget exactly is refused.
    strictLessThan: faults.has('memory.strict-less-than'),
    // FAULT control.budget-below-used-accepted: PUT memory-budget takes any value.
    acceptBelowUsed: faults.has('control.budget-below-used-accepted'),
  };
}

const NO_BUDGET_FAULTS: BudgetFaults = { refuseAsCapacity: false, noReservation: false, strictLessThan: false, acceptBelowUsed: false };

export class MemoryBudget {
  private readonly defaultBytes: number;
  private readonly faults: BudgetFaults;
  private budget: number;
  private reserved = 0;

  constructor(defaultBytes: number, faults: BudgetFaults = NO_BUDGET_FAULTS) {
    this.defaultBytes = defaultBytes;
    this.budget = defaultBytes;
    this.faults = faults;
  }

  get budgetBytes(): number {
    return this.budget;
  }

  /**
   * Reserves `bytes` for a load given `usedBytes` already resident (and `freedBytes` the load will replace); throws
   * E_MEMORY_BUDGET without reserving anything when they do not fit. Returns the release function.
   */
  reserve(bytes: number, usedBytes: number, freedBytes = 0): () => void {
    const after = usedBytes - freedBytes + this.reserved + bytes;
    if (after > this.budget || (this.faults.strictLessThan && after === this.budget)) {
      throw new RuntimeError(this.faults.refuseAsCapacity ? 'E_MODEL_CAPACITY' : 'E_MEMORY_BUDGET', `loading needs ${bytes} bytes; ${usedBytes + this.reserved} of the ${this.budget}-byte budget are in use`);
    }
    const held = this.faults.noReservation ? 0 : bytes;
    this.reserved += held;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= held;
    };
  }

  /** Moves the budget; refused with E_MEMORY_BUDGET (budget unchanged) when it is below what is in use. */
  setBudget(bytes: number, usedBytes: number): void {
    const inUse = usedBytes + this.reserved;
    if (bytes < inUse && !this.faults.acceptBelowUsed) throw new RuntimeError('E_MEMORY_BUDGET', `a budget of ${bytes} bytes is below the ${inUse} bytes in use`);
    this.budget = bytes;
  }

  /** Back to the declared default (control reset). */
  restoreDefault(): void {
    this.budget = this.defaultBytes;
  }
}
