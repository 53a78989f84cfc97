/**
 * Public surface of the certification report builder: build a report from Cucumber Messages, validate it,
 * render and write it.
 */
export type {
  EnvironmentInfo,
  HostEnvironment,
  Report,
  RequirementCounts,
  RequirementLevel,
  RequirementResult,
  RequirementVerdict,
  RunOptions,
  RuntimeIdentity,
  ScenarioCounts,
  ScenarioResult,
  ScenarioStatus,
  SuiteIdentity,
  Verdict,
} from './report-types.ts';
export { buildReport } from './build-report.ts';
export type { BuildReportInput, RunSettings } from './build-report.ts';
export { parseMessages, readMessagesFile } from './messages-stream.ts';
export { SKIP_REASON_MEDIA_TYPE } from './scenario-results.ts';
export type { MessageStream } from './messages-stream.ts';
export { parseRequirements, readRequirementsIndex, CORE_PROFILE } from './requirements-index.ts';
export type { RequirementEntry } from './requirements-index.ts';
export { parseRuntimeInfo, readRuntimeInfoFile } from './runtime-info.ts';
export type { RuntimeInfo } from './runtime-info.ts';
export { suiteDigest, suiteFileDigests, SUITE_DIGEST_ROOTS } from './suite-digest.ts';
export type { SuiteFileDigest } from './suite-digest.ts';
export { localEnvironment, suiteIdentity } from './suite-identity.ts';
export { validateReport, assertValidReport, formatValidationErrors, REPORT_SCHEMA_PATH } from './validate-report.ts';
export type { ReportValidation } from './validate-report.ts';
export { renderJunit } from './junit.ts';
export { renderSummary } from './summary-markdown.ts';
export { formatSpecSummary, specRows } from './spec-summary.ts';
export type { SpecRow } from './spec-summary.ts';
export { writeReportFiles, defaultRunDir, runIdFor } from './write-report-files.ts';
export type { ReportFiles } from './write-report-files.ts';
export { writeFileAtomic } from './atomic-write.ts';
export { ReportError, REPORT_ERROR_CODES } from './report-error.ts';
export type { ReportErrorCode } from './report-error.ts';
