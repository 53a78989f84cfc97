// npm run specs:approve [-- REQ-NNN-MMM ...] — records current requirement-text hashes in specs/reviewed.json
// (all requirements, or only the named ones) once their scenarios have been re-reviewed.
import { approveRequirements, describeChange } from './lib/approve-requirements.ts';
import { splitRootArg } from './lib/repo-files.ts';
import { formatProblem } from './lib/problems.ts';
import { REVIEWED_FILE } from './lib/reviewed-hashes.ts';

const { root, rest } = splitRootArg(process.argv.slice(2));
const result = approveRequirements(root, rest);
if (result.problems.length > 0) {
  for (const p of result.problems) console.error(formatProblem(p));
  console.error(`${REVIEWED_FILE} not changed`);
  process.exitCode = 1;
} else {
  for (const change of result.changes) console.log(describeChange(change).join('\n'));
  for (const id of result.dropped) console.log(`${id}: no longer defined by any spec, removed`);
  const verb = result.written ? 'updated' : 'already up to date';
  console.log(`${REVIEWED_FILE} ${verb}: ${result.changes.length} changed hash(es) recorded, ${result.dropped.length} removed`);
}
