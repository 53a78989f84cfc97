// npm run schemas:check — every schema compiles under strict ajv 2020-12; every data file declaring one of them
// validates against it. Exit 1 on any problem.
import { splitRootArg } from './lib/repo-files.ts';
import { formatProblem } from './lib/problems.ts';
import { checkSchemas } from './lib/schemas-checker.ts';

const { root } = splitRootArg(process.argv.slice(2));
const result = checkSchemas(root);
for (const p of result.problems) console.log(formatProblem(p));
console.log(`schemas compiled: ${result.schemaCount}, data files validated: ${result.dataFiles.length}, problems: ${result.problems.length}`);
if (result.problems.length > 0) process.exitCode = 1;
