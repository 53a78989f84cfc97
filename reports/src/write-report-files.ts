/**
 * Writes a run directory's report files: report.json (schema-validated first), junit.xml and summary.md.
 */
import { join, resolve } from 'node:path';
import type { Report } from './report-types.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { renderJunit } from './junit.ts';
import { renderSummary } from './summary-markdown.ts';
import { assertValidReport } from './validate-report.ts';

export interface ReportFiles {
  json: string;
  junit: string;
  summary: string;
}

/**
 * A run id: the UTC time to the second in compact ISO 8601 (20250102T030405Z) and a short caller-chosen suffix
 * that keeps two runs started in the same second apart.
 */
export function runIdFor(time: Date, suffix: string): string {
  return `${time.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${suffix}`;
}

/** reports/out/<run-id> under a repository root: where a run's files go unless the caller says otherwise. */
export function defaultRunDir(rootDir: string, runId: string): string {
  return resolve(rootDir, 'reports', 'out', runId);
}

/**
 * Validates the report, then writes the three files atomically into `dir` (created as needed). A report that
 * fails its schema is never written: it throws H_REPORT_SCHEMA_INVALID instead.
 */
export async function writeReportFiles(report: Report, dir: string): Promise<ReportFiles> {
  assertValidReport(report);
  const files: ReportFiles = {
    json: join(dir, 'report.json'),
    junit: join(dir, 'junit.xml'),
    summary: join(dir, 'summary.md'),
  };
  await writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(files.junit, renderJunit(report));
  await writeFileAtomic(files.summary, renderSummary(report));
  return files;
}
