// The resident-parameter budget (SPEC-006): models hold 4 bytes per parameter, and the sum over loaded models plus
// loads in flight never exceeds the budget. Loads reserve their bytes before fetching anything, so two concurrent
// loads cannot both fit into the same room, and release the reservation whatever the outcome.

import { RuntimeError } from '../errors.ts';

export class MemoryBudget {
  private readonly defaultBytes: number;
  private budget: number;
  private reserved = 0;

  constructor(defaultBytes: number) {
    this.defaultBytes = defaultBytes;
    this.budget = defaultBytes;
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
    if (after > this.budget) {
      throw new RuntimeError('E_MEMORY_BUDGET', `loading needs ${bytes} bytes; ${usedBytes + this.reserved} of the ${this.budget}-byte budget are in use`);
    }
    this.reserved += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= bytes;
    };
  }

  /** Moves the budget; refused with E_MEMORY_BUDGET (budget unchanged) when it is below what is in use. */
  setBudget(bytes: number, usedBytes: number): void {
    const inUse = usedBytes + this.reserved;
    if (bytes < inUse) throw new RuntimeError('E_MEMORY_BUDGET', `a budget of ${bytes} bytes is below the ${inUse} bytes in use`);
    this.budget = bytes;
  }

  /** Back to the declared default (control reset). */
  restoreDefault(): void {
    this.budget = this.defaultBytes;
  }
}
