// Fault switches of the dispatch area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const DISPATCH_FAULT_NAMES = [
] as const;
