// `npm run conformance [-- --endpoint URL --profile P --tags EXPR --report-dir DIR]`
// Exit codes: 0 all scenarios passed; 1 a scenario failed; 2 the run could not be set up (bad options,
// unreachable endpoint, invalid info document).
import { USAGE, parseCli } from './options.ts';
import { RunSetupError } from './errors.ts';
import { runConformance } from './run.ts';

async function main(): Promise<number> {
  const write = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  try {
    const parsed = parseCli(process.argv.slice(2), process.env);
    if (parsed === 'help') {
      write(USAGE);
      return 0;
    }
    const outcome = await runConformance({ ...parsed, write, now: () => new Date() });
    return outcome.exitCode;
  } catch (err) {
    const rawCode = (err as { code?: unknown }).code;
    const code = typeof rawCode === 'string' ? rawCode : '';
    if (code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`conformance: ${(err as Error).message}\n${USAGE}\n`);
    } else if (err instanceof RunSetupError || code.startsWith('H_')) {
      process.stderr.write(`conformance: ${code}: ${(err as Error).message}\n`);
    } else {
      process.stderr.write(`conformance: unexpected failure: ${(err as Error).stack ?? String(err)}\n`);
    }
    return 2;
  }
}

process.exitCode = await main();
