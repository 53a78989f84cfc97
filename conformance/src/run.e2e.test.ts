// End-to-end: the harness against the embedded reference, an unreachable endpoint, and mutants of the reference.
// These spawn the real CLI (cucumber loads support code once per process) and read the reports it writes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadCatalogue, tagExpressionFor } from './mutants/catalogue.ts';
import { runMutant } from './mutants/run-mutant.ts';
import { repoRoot } from './paths.ts';

const CLI = path.join(repoRoot, 'conformance', 'src', 'cli.ts');
/** Faults whose detection this test proves (the full set runs in npm run conformance:mutants). */
const PROVEN_FAULTS = ['routing.tiebreak', 'model.skip-hash', 'auth.control-ungated', 'routing.gate-product'];

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    // A hang guard only: the assertion is on the exit code and message, never on elapsed time.
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

void test('an unreachable endpoint is a setup failure: exit 2 and a message naming the endpoint', async () => {
  const { code, stderr } = await cli(['--endpoint', 'http://127.0.0.1:1', '--admin-token', 'x']);
  assert.equal(code, 2);
  assert.match(stderr, /H_ENDPOINT_UNREACHABLE/);
  assert.match(stderr, /127\.0\.0\.1:1/);
});

void test('the targeted scenarios pass against the unmutated reference and write the three reports', async () => {
  const mutants = loadCatalogue().filter((m) => PROVEN_FAULTS.includes(m.fault));
  const dir = mkdtempSync(path.join(tmpdir(), 'litellm-e2e-'));
  try {
    const { code, stdout } = await cli(['--tags', tagExpressionFor(mutants.flatMap((m) => m.kills)), '--report-dir', dir]);
    assert.equal(code, 0, stdout.slice(-3000));
    const [run] = readdirSync(dir);
    assert.ok(run !== undefined);
    const files = readdirSync(path.join(dir, run)).sort();
    for (const f of ['junit.xml', 'report.json', 'summary.md']) assert.ok(files.includes(f), `${f} missing: ${files.join(', ')}`);
    const report = JSON.parse(readFileSync(path.join(dir, run, 'report.json'), 'utf8')) as { verdict: string; requirements: { id: string; verdict: string }[] };
    assert.equal(report.verdict, 'pass');
    for (const id of mutants.flatMap((m) => m.kills)) {
      assert.equal(report.requirements.find((r) => r.id === id)?.verdict, 'pass', id);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const fault of PROVEN_FAULTS) {
  void test(`mutant ${fault}: the scenarios of the requirement it breaks fail and the run exits non-zero`, async () => {
    const mutant = loadCatalogue().find((m) => m.fault === fault);
    assert.ok(mutant !== undefined, `${fault} is not in conformance/mutants.json`);
    const result = await runMutant(mutant);
    assert.equal(result.outcome, 'killed', `${fault} survived: ${JSON.stringify(result.verdicts)}\n${result.detail}`);
    assert.equal(result.exitCode, 1);
    for (const id of mutant.kills) assert.equal(result.verdicts[id], 'fail', id);
  });
}
