// First half of npm run gen: regenerates schemas/generated/ from schemas/**/*.schema.json (the script then runs
// specs:index for the other generated file).
import { syncGenerated } from './lib/generated-files.ts';
import { splitRootArg } from './lib/repo-files.ts';
import { generateTypes } from './lib/types-generator.ts';

async function main(): Promise<void> {
  const { root } = splitRootArg(process.argv.slice(2));
  const files = await generateTypes(root);
  const result = syncGenerated(root, files);
  for (const rel of result.written) console.log(`written ${rel}`);
  for (const rel of result.removed) console.log(`removed ${rel}`);
  console.log(`schemas/generated: ${files.size} file(s), ${result.written.length} written, ${result.removed.length} removed`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
