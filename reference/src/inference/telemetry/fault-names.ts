// Fault switches of the telemetry area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const TELEMETRY_FAULT_NAMES = [
] as const;
