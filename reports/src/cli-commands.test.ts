import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runReportCli, type CliIo } from './cli-commands.ts';
import type { Report } from './report-types.ts';
import { suiteDigest } from './suite-digest.ts';
import { runFixtureSuite } from './test-support/cucumber-fixture.ts';
import { FIXTURE_INFO, FIXTURE_REQUIREMENTS } from './test-support/report-inputs.ts';
import { makeTempDir } from './test-support/temp-dir.ts';

interface Captured extends CliIo {
  stdout: string[];
  stderr: string[];
}

function capture(): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    now: () => new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
    randomSuffix: () => 'abc123',
  };
}

const run = await runFixtureSuite();
const root = await makeTempDir('report-cli');
await mkdir(join(root, 'conformance'));
await mkdir(join(root, 'specs'));
await writeFile(join(root, 'package.json'), '{"name":"lite-llm-conformance","version":"0.1.0"}');
await writeFile(join(root, 'conformance', 'package.json'), '{"name":"@lite-llm/conformance","version":"0.2.0"}');
await writeFile(join(root, 'specs', 'requirements.json'), JSON.stringify(FIXTURE_REQUIREMENTS));
const messages = join(root, 'messages.ndjson');
const info = join(root, 'info.json');
await writeFile(messages, run.ndjson);
await writeFile(info, JSON.stringify(FIXTURE_INFO));

test('build writes the run directory, prints the spec table and exits 1 on a failing verdict', async () => {
  const io = capture();
  const code = await runReportCli(['build', '--messages', messages, '--info', info, '--root', root, '--endpoint', 'http://rt:1'], io);
  assert.equal(code, 1);
  const dir = join(root, 'reports', 'out', '20250102T030405Z-abc123');
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  assert.equal(report.runId, '20250102T030405Z-abc123');
  assert.equal(report.createdAt, '2025-01-02T03:04:05.000Z');
  assert.equal(report.runtime.endpoint, 'http://rt:1');
  assert.deepEqual(report.suite, { name: 'lite-llm-conformance', version: '0.1.0', digest: suiteDigest(root) });
  assert.equal(report.environment.harnessVersion, '0.2.0');
  assert.equal(report.summary.scenarios.total, 9);
  assert.match(io.stdout[0] ?? '', /^spec +requirements +passed +failed +skipped\n/);
  assert.equal(io.stdout[1], 'verdict: FAIL');
  assert.match(await readFile(join(dir, 'junit.xml'), 'utf8'), /^<\?xml/);
  assert.match(await readFile(join(dir, 'summary.md'), 'utf8'), /\*\*Verdict: FAIL\*\*/);
});

test('build honours --out, --run-id, --created-at and the run options', async () => {
  const out = join(root, 'custom');
  const io = capture();
  const code = await runReportCli([
    'build', '--messages', messages, '--info', info, '--root', root, '--out', out, '--run-id', 'r-7',
    '--created-at', '2024-05-06T07:08:09Z', '--requirements', join(root, 'specs', 'requirements.json'),
    '--profile', 'core', '--tags', '@SPEC-003', '--certification',
  ], io);
  assert.equal(code, 1);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  assert.equal(report.runId, 'r-7');
  assert.equal(report.createdAt, '2024-05-06T07:08:09.000Z');
  assert.deepEqual(report.run, { profile: 'core', tags: '@SPEC-003', certification: true });
  assert.ok(report.verdictReasons.includes('a certification run may not filter scenarios (tags: @SPEC-003)'));
});

test('validate exits 0 for a valid report and 1 with ajv errors for an invalid one', async () => {
  const path = join(root, 'custom', 'report.json');
  const ok = capture();
  assert.equal(await runReportCli(['validate', path], ok), 0);
  assert.deepEqual(ok.stdout, [`${path}: valid`]);
  const report = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  const broken = join(root, 'broken.json');
  await writeFile(broken, JSON.stringify({ ...report, verdict: 'maybe', extra: true }));
  const bad = capture();
  assert.equal(await runReportCli(['validate', broken], bad), 1);
  assert.equal(bad.stderr[0], `${broken}: does not satisfy the report schema`);
  assert.ok(bad.stderr.some((line) => line.includes('/verdict must be equal to one of the allowed values')));
  assert.ok(bad.stderr.some((line) => line.includes('"additionalProperty":"extra"')));
});

test('usage errors and unreadable inputs exit 2 with a message', async () => {
  const cases: [string[], RegExp][] = [
    [[], /^usage:/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['build', '--info', info], /--messages and --info are required/],
    [['build', '--messages', messages, '--info', info, '--bogus'], /Unknown option '--bogus'/],
    [['build', '--messages', join(root, 'missing.ndjson'), '--info', info, '--root', root], /H_REPORT_INPUT_INVALID: cannot read Cucumber Messages file/],
    [['validate'], /name exactly one report file/],
    [['validate', join(root, 'missing.json')], /H_REPORT_INPUT_INVALID: cannot read report/],
  ];
  for (const [argv, message] of cases) {
    const io = capture();
    assert.equal(await runReportCli(argv, io), 2, argv.join(' '));
    assert.match(io.stderr.join('\n'), message);
  }
});
