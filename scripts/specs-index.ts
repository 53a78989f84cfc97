// npm run specs:index — regenerates specs/requirements.json from specs/*.md.
import { splitRootArg } from './lib/repo-files.ts';
import { formatProblem } from './lib/problems.ts';
import { REQUIREMENTS_INDEX_FILE, writeRequirementsIndex } from './lib/requirements-index.ts';

const { root } = splitRootArg(process.argv.slice(2));
const run = writeRequirementsIndex(root);
if (run.problems.length > 0) {
  for (const p of run.problems) console.error(formatProblem(p));
  console.error(`${REQUIREMENTS_INDEX_FILE} not written: fix the ${run.problems.length} problem(s) above`);
  process.exitCode = 1;
} else {
  const state = run.written ? 'written' : 'already up to date';
  console.log(`${REQUIREMENTS_INDEX_FILE}: ${run.requirementCount} requirement(s), ${state}`);
}
