// Repository files the reference reads at startup. Both the reference and the suite read these shared contract
// files; neither holds a private copy.

import { fileURLToPath } from 'node:url';

export const ERROR_REGISTRY_PATH = fileURLToPath(new URL('../../specs/error-registry.json', import.meta.url));
export const REFERENCE_PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));
/** The repository root (the reference's kernels addon is built under native/ there). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
