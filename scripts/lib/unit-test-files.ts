// Which unit test files `npm run test:unit` runs, and the command line that runs them.
import { listFiles } from './repo-files.ts';
import { compareText } from './problems.ts';

/** Folders holding `*.test.ts` files beside the code they test. */
export const UNIT_TEST_ROOTS = ['conformance', 'reference', 'reports', 'scripts'] as const;

/**
 * Every `*.test.ts` under the unit-test roots (node_modules excluded), sorted; with `filter`, only paths containing
 * it (`npm run test:unit -- scripts/lib` or `-- oracle`).
 */
export function findUnitTestFiles(root: string, filter?: string): string[] {
  const normalised = filter?.replace(/\\/g, '/').replace(/^\.\//, '');
  return UNIT_TEST_ROOTS.flatMap((dir) => listFiles(root, dir, (name) => name.endsWith('.test.ts')))
    .filter((file) => normalised === undefined || normalised === '' || file.includes(normalised))
    .sort(compareText);
}

/** Arguments for `node`: tsx as the loader, the built-in runner, two files at a time. */
export function nodeTestArgs(files: readonly string[]): string[] {
  return ['--import', 'tsx', '--test', '--test-concurrency=2', ...files];
}
