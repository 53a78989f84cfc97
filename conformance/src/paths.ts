// Repository paths the harness reads: the shared contract files (specs/, schemas/, features/).
// The harness locates them relative to its own source so it works from any working directory.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const schemasDir: string = path.join(repoRoot, 'schemas');
export const specsDir: string = path.join(repoRoot, 'specs');
export const featuresDir: string = path.join(repoRoot, 'features');
export const harnessSrcDir: string = path.join(repoRoot, 'conformance', 'src');
/** The embedded reference is started as a separate process from this entry point; the harness never imports it. */
export const referenceMain: string = path.join(repoRoot, 'reference', 'src', 'main.ts');
