/**
 * Builds a certification report from one run's Cucumber Messages, the requirements index and the runtime's
 * GET /v1/info body. Time comes in as an input; given suite and environment too, the builder is pure and the same
 * inputs give the same report. Given only a suiteRoot, it reads the suite identity from the checkout.
 */
import type { Envelope } from '@cucumber/messages';
import type {
  HostEnvironment,
  Report,
  RequirementCounts,
  RequirementResult,
  RunOptions,
  RuntimeIdentity,
  ScenarioCounts,
  ScenarioResult,
  SuiteIdentity,
} from './report-types.ts';
import { parseRequirements } from './requirements-index.ts';
import { parseRuntimeInfo } from './runtime-info.ts';
import { indexRun, timestampMs } from './run-index.ts';
import type { RunIndex } from './run-index.ts';
import { scenarioResults } from './scenario-results.ts';
import { requirementResults, verdictReasons } from './verdicts.ts';
import { inputInvalid } from './report-error.ts';
import { localEnvironment, suiteIdentity } from './suite-identity.ts';

export interface RunSettings {
  /** UTC timestamp plus a short random suffix, chosen by the caller; also names the run directory. */
  runId: string;
  profile?: string | null;
  /** Cucumber tag expression the run was filtered with; null or absent when unfiltered. */
  tags?: string | null;
  certification: boolean;
}

export interface BuildReportInput {
  /** The run's Cucumber Messages, in stream order. */
  envelopes: readonly Envelope[];
  /** True when the stream was cut mid-line (see parseMessages); the run then counts as incomplete. */
  truncated?: boolean;
  /** specs/requirements.json, parsed or as read by readRequirementsIndex (read defensively either way). */
  requirements: unknown;
  /** Parsed body of the runtime's GET /v1/info. */
  info: unknown;
  /** Where the harness sent its requests (the embedded reference's loopback URL when none was given). */
  endpoint: string;
  run: RunSettings;
  /** The report's creation time, from the caller's clock: the builder never reads the clock itself. */
  createdAt: string | Date;
  /** Suite identity; when absent it is read from suiteRoot (package.json and suiteDigest). */
  suite?: SuiteIdentity;
  /** Repository root, used for whatever of suite and environment the caller does not supply. */
  suiteRoot?: string;
  environment?: HostEnvironment;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function optionalText(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}

function scenarioCounts(scenarios: readonly ScenarioResult[]): ScenarioCounts {
  const count = (status: ScenarioResult['status']): number => scenarios.filter((s) => s.status === status).length;
  return {
    total: scenarios.length,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    undefined: count('undefined'),
  };
}

function requirementCounts(requirements: readonly RequirementResult[]): RequirementCounts {
  const count = (verdict: RequirementResult['verdict']): number =>
    requirements.filter((r) => r.verdict === verdict).length;
  return {
    total: requirements.length,
    passed: count('pass'),
    failed: count('fail'),
    notRun: count('not-run'),
    skipped: count('skipped'),
  };
}

function runDurationMs(index: RunIndex, scenarios: readonly ScenarioResult[]): number {
  const end = index.runFinished?.timestamp ?? index.lastTimestamp;
  if (index.runStarted === undefined || end === undefined) {
    return scenarios.reduce((sum, scenario) => sum + scenario.durationMs, 0);
  }
  return Math.max(0, Math.round((timestampMs(end) - timestampMs(index.runStarted)) * 1000) / 1000);
}

function resolveIdentity(input: BuildReportInput): { suite: SuiteIdentity; environment: HostEnvironment } {
  if (input.suite !== undefined && input.environment !== undefined) {
    return { suite: { ...input.suite }, environment: { ...input.environment } };
  }
  if (input.suiteRoot === undefined) throw inputInvalid('buildReport needs suite and environment, or a suiteRoot');
  return {
    suite: input.suite ? { ...input.suite } : suiteIdentity(input.suiteRoot),
    environment: input.environment ? { ...input.environment } : localEnvironment(input.suiteRoot),
  };
}

function createdAtText(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw inputInvalid(`createdAt ${JSON.stringify(String(value))} is not a date`);
  return date.toISOString();
}

export function buildReport(input: BuildReportInput): Report {
  const runId = input.run.runId;
  if (!RUN_ID.test(runId)) throw inputInvalid(`run id ${JSON.stringify(runId)} cannot name a directory`);
  if (input.endpoint.trim() === '') throw inputInvalid('endpoint is empty');
  const createdAt = createdAtText(input.createdAt);
  const index = indexRun(input.envelopes, input.truncated ?? false);
  const info = parseRuntimeInfo(input.info);
  const requirementsIndex = parseRequirements(input.requirements);
  const { suite, environment } = resolveIdentity(input);

  const runtime: RuntimeIdentity = { endpoint: input.endpoint, ...info };
  const run: RunOptions = {
    profile: optionalText(input.run.profile),
    tags: optionalText(input.run.tags),
    certification: input.run.certification,
  };
  const scenarios = scenarioResults(index);
  const requirements = requirementResults(requirementsIndex, scenarios);
  const reasons = verdictReasons(scenarios, requirements, runtime, run, {
    runFinished: index.runFinished,
    truncated: index.truncated,
  });
  return {
    reportVersion: 1,
    runId,
    createdAt,
    suite,
    runtime,
    run,
    summary: {
      scenarios: scenarioCounts(scenarios),
      requirements: requirementCounts(requirements),
      durationMs: runDurationMs(index, scenarios),
    },
    requirements,
    scenarios,
    environment: { ...environment, cucumberVersion: index.meta?.implementation.version || null },
    verdict: reasons.length === 0 ? 'pass' : 'fail',
    verdictReasons: reasons,
  };
}
