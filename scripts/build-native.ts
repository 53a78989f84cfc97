// npm run native:build (also run by `npm ci` as the install step) — builds native/ with node-gyp against the
// headers of the Node.js that runs it, offline: the headers come from the installation itself (<prefix>/include/node),
// never from a download. Without a compiler or headers the reference runs on its TypeScript kernels, so a failed build
// is reported and, unless LITELLM_REQUIRE_NATIVE=1, does not fail the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultRepoRoot } from './lib/repo-files.ts';

/** The installation prefix whose include/node holds this Node.js's headers, or null. */
export function findNodeDir(execPath: string, exists: (file: string) => boolean = existsSync): string | null {
  const prefix = path.dirname(path.dirname(execPath));
  return exists(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null;
}

function main(): number {
  const required = process.env.LITELLM_REQUIRE_NATIVE === '1';
  const give = (message: string): number => {
    console.error(`native kernels not built: ${message}; the reference runtime will use its TypeScript kernels`);
    return required ? 1 : 0;
  };
  if (process.env.LITELLM_SKIP_NATIVE === '1') return give('LITELLM_SKIP_NATIVE=1');
  const nodeDir = findNodeDir(process.execPath);
  if (nodeDir === null) return give(`no Node.js headers beside ${process.execPath} (expected <prefix>/include/node)`);
  let gyp: string;
  try {
    gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return give('node-gyp is not installed (npm ci installs it)');
  }
  const jobs = String(Math.min(2, availableParallelism()));
  const result = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodeDir}`, `--jobs=${jobs}`], {
    cwd: path.join(defaultRepoRoot, 'native'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error !== undefined) return give(result.error.message);
  if (result.status !== 0) return give(`node-gyp exited with ${result.status ?? result.signal}`);
  console.log('native kernels built: native/build/Release/litellm_native.node');
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
