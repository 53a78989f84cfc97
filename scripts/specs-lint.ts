// npm run specs:lint [-- --verbose] — checks specs, features and their links; exit 1 on any problem.
import { splitRootArg } from './lib/repo-files.ts';
import { formatProblem } from './lib/problems.ts';
import { lintSpecs } from './lib/specs-lint-run.ts';

const { root, rest } = splitRootArg(process.argv.slice(2));
const result = lintSpecs(root);
for (const p of result.problems) console.log(formatProblem(p));
if (rest.includes('--verbose')) {
  for (const r of result.attested) {
    console.log(`${r.spec.file}:${r.line}: note: ${r.id} (${r.level}) is verified by attestation, not by a scenario`);
  }
}
console.log(result.summary);
if (result.problems.length > 0) process.exitCode = 1;
