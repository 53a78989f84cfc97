/**
 * `npm run report -- <command>`:
 *   build --messages FILE --info FILE [--requirements FILE] [--out DIR] [--endpoint URL] [--profile P]
 *         [--tags EXPR] [--certification] [--run-id ID] [--created-at ISO] [--root DIR]
 *   validate REPORT.json
 * Exit codes: 0 built with verdict pass / report valid; 1 verdict fail / report invalid; 2 the command could not
 * run (bad arguments, unreadable or malformed input).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildReport } from './build-report.ts';
import { readMessagesFile } from './messages-stream.ts';
import { readRequirementsIndex } from './requirements-index.ts';
import { formatSpecSummary } from './spec-summary.ts';
import { formatValidationErrors, validateReport } from './validate-report.ts';
import { defaultRunDir, runIdFor, writeReportFiles } from './write-report-files.ts';
import { inputInvalid, ReportError } from './report-error.ts';

export const USAGE = `usage:
  npm run report -- build --messages FILE --info FILE [--requirements FILE] [--out DIR] [--endpoint URL]
                          [--profile NAME] [--tags EXPR] [--certification] [--run-id ID] [--created-at ISO]
                          [--root DIR]
  npm run report -- validate REPORT.json`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Clock and randomness for the default run id and createdAt; injected so tests are reproducible. */
  now: () => Date;
  randomSuffix: () => string;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  now: () => new Date(),
  randomSuffix: () => randomBytes(3).toString('hex'),
};

const DEFAULT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Relative to the working directory when the file lies below it, absolute otherwise. */
function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}

async function readJson(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw inputInvalid(`cannot read ${what} ${path}`, [], error);
  }
}

async function buildCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      messages: { type: 'string' },
      info: { type: 'string' },
      requirements: { type: 'string' },
      out: { type: 'string' },
      endpoint: { type: 'string', default: 'unspecified' },
      profile: { type: 'string' },
      tags: { type: 'string' },
      certification: { type: 'boolean', default: false },
      'run-id': { type: 'string' },
      'created-at': { type: 'string' },
      root: { type: 'string', default: DEFAULT_ROOT },
    },
  });
  if (values.messages === undefined || values.info === undefined) {
    io.err(`report build: --messages and --info are required\n${USAGE}`);
    return 2;
  }
  const createdAt = values['created-at'] ?? io.now().toISOString();
  const runId = values['run-id'] ?? runIdFor(new Date(createdAt), io.randomSuffix());
  const stream = await readMessagesFile(values.messages);
  const report = buildReport({
    envelopes: stream.envelopes,
    truncated: stream.truncated,
    requirements: await readRequirementsIndex(values.requirements ?? join(values.root, 'specs', 'requirements.json')),
    info: await readJson(values.info, 'runtime info'),
    endpoint: values.endpoint,
    run: { runId, profile: values.profile ?? null, tags: values.tags ?? null, certification: values.certification },
    createdAt,
    suiteRoot: values.root,
  });
  const files = await writeReportFiles(report, values.out ?? defaultRunDir(values.root, runId));
  io.out(formatSpecSummary(report));
  io.out(`verdict: ${report.verdict.toUpperCase()}`);
  for (const reason of report.verdictReasons) io.out(`  - ${reason}`);
  io.out(`reports: ${[files.json, files.junit, files.summary].map(displayPath).join(', ')}`);
  return report.verdict === 'pass' ? 0 : 1;
}

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [path] = positionals;
  if (path === undefined || positionals.length !== 1) {
    io.err(`report validate: name exactly one report file\n${USAGE}`);
    return 2;
  }
  const { valid, errors } = validateReport(await readJson(path, 'report'));
  if (valid) {
    io.out(`${path}: valid`);
    return 0;
  }
  io.err(`${path}: does not satisfy the report schema`);
  for (const line of formatValidationErrors(errors)) io.err(`  ${line}`);
  return 1;
}

export async function runReportCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'build') return await buildCommand(rest, io);
    if (command === 'validate') return await validateCommand(rest, io);
    if (command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return 0;
    }
    io.err(command === undefined ? USAGE : `report: unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return 2;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) io.err(`report: ${(error as Error).message}\n${USAGE}`);
    else if (error instanceof ReportError) io.err(`report: ${error.code}: ${error.message}`);
    else io.err(`report: unexpected failure: ${(error as Error).stack ?? String(error)}`);
    return 2;
  }
}
