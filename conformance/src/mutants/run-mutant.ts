// Runs the suite against one mutant of the embedded reference, in a child process (cucumber loads its support
// code once per process), restricted to the scenarios of the requirements the mutant must break.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { tagExpressionFor, type Mutant } from './catalogue.ts';

export type MutantOutcome = 'killed' | 'survived' | 'error';

export interface MutantResult {
  readonly fault: string;
  readonly outcome: MutantOutcome;
  /** Verdict per targeted requirement, from the run's report.json. */
  readonly verdicts: Readonly<Record<string, string>>;
  readonly exitCode: number | null;
  readonly detail: string;
}

const CLI = path.join(repoRoot, 'conformance', 'src', 'cli.ts');

export async function runMutant(mutant: Mutant, timeoutMs = 300_000): Promise<MutantResult> {
  const reportDir = mkdtempSync(path.join(tmpdir(), 'litellm-mutant-'));
  try {
    const args = ['--import', 'tsx', CLI, '--fault', mutant.fault, '--tags', tagExpressionFor(mutant.kills), '--report-dir', reportDir];
    const { code, output } = await runChild(args, timeoutMs);
    const reportFile = findReport(reportDir);
    if (reportFile === null) {
      return { fault: mutant.fault, outcome: 'error', verdicts: {}, exitCode: code, detail: lastLines(output) };
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { requirements: { id: string; verdict: string }[] };
    const verdicts = Object.fromEntries(mutant.kills.map((id) => [id, report.requirements.find((r) => r.id === id)?.verdict ?? 'absent']));
    // Killed only when every targeted requirement fails: each row of the matrix must be earned by a scenario.
    const killed = code === 1 && Object.values(verdicts).every((v) => v === 'fail');
    return { fault: mutant.fault, outcome: killed ? 'killed' : 'survived', verdicts, exitCode: code, detail: killed ? '' : lastLines(output) };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

function findReport(dir: string): string | null {
  for (const run of readdirSync(dir)) {
    const file = path.join(dir, run, 'report.json');
    try {
      readFileSync(file);
      return file;
    } catch {
      // not this one
    }
  }
  return null;
}

function lastLines(text: string, n = 12): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

function runChild(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
