// Entry point of `npm run report`; the commands live in cli-commands.ts so tests can drive them in-process.
import { runReportCli } from './cli-commands.ts';

process.exitCode = await runReportCli(process.argv.slice(2));
