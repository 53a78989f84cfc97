// Fault switches of the budget area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const BUDGET_FAULT_NAMES = [
] as const;
