// Fault switches of the generation area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const GENERATION_FAULT_NAMES = [
] as const;
