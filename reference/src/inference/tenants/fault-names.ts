// Fault switches of the tenants area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const TENANT_FAULT_NAMES = [
] as const;
