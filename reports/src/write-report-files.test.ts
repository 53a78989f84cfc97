import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { defaultRunDir, runIdFor, writeReportFiles } from './write-report-files.ts';
import { renderJunit } from './junit.ts';
import { renderSummary } from './summary-markdown.ts';
import { reportWith, scenario } from './test-support/report-inputs.ts';
import { makeTempDir } from './test-support/temp-dir.ts';

const report = reportWith([scenario('features/a.feature:3', 'passed', []), scenario('features/a.feature:9', 'skipped', [])]);

test('writes report.json, junit.xml and summary.md into a directory it creates', async () => {
  const dir = join(await makeTempDir('report-files'), 'out', 'run-1');
  const files = await writeReportFiles(report, dir);
  assert.deepEqual(files, { json: join(dir, 'report.json'), junit: join(dir, 'junit.xml'), summary: join(dir, 'summary.md') });
  assert.deepEqual(JSON.parse(await readFile(files.json, 'utf8')), report);
  assert.equal(await readFile(files.junit, 'utf8'), renderJunit(report));
  assert.equal(await readFile(files.summary, 'utf8'), renderSummary(report));
  assert.deepEqual((await readdir(dir)).sort(), ['junit.xml', 'report.json', 'summary.md']);
});

test('refuses to write a report that fails its schema, leaving the directory untouched', async () => {
  const dir = await makeTempDir('report-files');
  const broken = { ...report, verdict: 'maybe' } as unknown as typeof report;
  await assert.rejects(writeReportFiles(broken, dir), { code: 'H_REPORT_SCHEMA_INVALID' });
  assert.deepEqual(await readdir(dir), []);
});

test('atomic writes replace a file whole and leave no temporary files behind', async () => {
  const dir = await makeTempDir('atomic');
  const target = join(dir, 'a.txt');
  await writeFile(target, 'old');
  await writeFileAtomic(target, 'new content');
  assert.equal(await readFile(target, 'utf8'), 'new content');
  await writeFileAtomic(join(dir, 'nested', 'b.bin'), new Uint8Array([0, 1, 2]));
  assert.deepEqual([...(await readFile(join(dir, 'nested', 'b.bin')))], [0, 1, 2]);
  assert.deepEqual((await readdir(dir)).sort(), ['a.txt', 'nested']);
});

test('a failed atomic write removes its temporary file and keeps the old content', async () => {
  const dir = await makeTempDir('atomic');
  const target = join(dir, 'occupied');
  // Renaming a file onto a non-empty directory fails, after the temporary file was written.
  await writeFileAtomic(join(target, 'inner.txt'), 'keep');
  await assert.rejects(writeFileAtomic(target, 'x'));
  assert.deepEqual(await readdir(dir), ['occupied']);
  assert.equal(await readFile(join(target, 'inner.txt'), 'utf8'), 'keep');
});

test('run ids and default run directories', () => {
  assert.equal(runIdFor(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)), 'abc123'), '20250102T030405Z-abc123');
  assert.equal(defaultRunDir('/repo', '20250102T030405Z-abc123'), '/repo/reports/out/20250102T030405Z-abc123');
});
