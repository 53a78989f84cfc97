// npm run test:unit [-- PATH-FILTER] — runs every *.test.ts of the workspaces and scripts with node's test runner
// and exits with its status. Spawned as a child of this process so that c8 collects coverage from it.
import { spawn } from 'node:child_process';
import { defaultRepoRoot } from './lib/repo-files.ts';
import { findUnitTestFiles, nodeTestArgs } from './lib/unit-test-files.ts';

const filter = process.argv[2];
const files = findUnitTestFiles(defaultRepoRoot, filter);
if (files.length === 0) {
  console.error(filter === undefined ? 'no *.test.ts files found' : `no *.test.ts file path contains "${filter}"`);
  process.exitCode = filter === undefined ? 0 : 1;
} else {
  const child = spawn(process.execPath, nodeTestArgs(files), { cwd: defaultRepoRoot, stdio: 'inherit' });
  child.on('error', (error) => {
    console.error(`could not start the test runner: ${error.message}`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    if (signal !== null) console.error(`test runner stopped by ${signal}`);
    process.exitCode = code ?? 1;
  });
}
