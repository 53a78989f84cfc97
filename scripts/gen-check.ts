// npm run gen:check — fails when a committed generated file (schemas/generated/**, specs/requirements.json)
// differs from what npm run gen produces now. Nothing is written.
import { findGeneratedDrift } from './lib/generated-files.ts';
import { splitRootArg } from './lib/repo-files.ts';

async function main(): Promise<void> {
  const { root } = splitRootArg(process.argv.slice(2));
  const drift = await findGeneratedDrift(root);
  for (const d of drift) console.log(`${d.file}: ${d.state}${d.detail === undefined ? '' : ` (${d.detail})`}`);
  if (drift.length > 0) {
    console.log(`${drift.length} generated file(s) out of date: run npm run gen and commit the result`);
    process.exitCode = 1;
  } else {
    console.log('generated files are up to date');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
