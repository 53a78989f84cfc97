// Fault switches of the openai area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const OPENAI_FAULT_NAMES = [
] as const;
