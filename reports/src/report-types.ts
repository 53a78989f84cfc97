/**
 * TypeScript shape of schemas/report/report.schema.json (reportVersion 1). The schema is the authority: the tests
 * validate every built report against it, and the check at the end of this file stops compilation when these
 * types and the ones generated from the schema (npm run gen) drift apart.
 */
import type { CertificationReport } from '../../schemas/generated/report/report.schema.ts';
import type { RuntimeInfo } from './runtime-info.ts';

export type Verdict = 'pass' | 'fail';
export type RequirementVerdict = 'pass' | 'fail' | 'skipped' | 'not-run';
export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'undefined';
export type RequirementLevel = 'MUST' | 'SHOULD' | 'MAY';

export interface SuiteIdentity {
  name: string;
  version: string;
  /** suiteDigest() of the suite's files, lower-case hex SHA-256. */
  digest: string;
}

/** What the runtime claims in GET /v1/info, plus where it was reached. */
export interface RuntimeIdentity extends RuntimeInfo {
  endpoint: string;
}

export interface RunOptions {
  profile: string | null;
  /** Cucumber tag expression the run was filtered with; null when unfiltered. */
  tags: string | null;
  certification: boolean;
}

export interface ScenarioCounts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  undefined: number;
}

export interface RequirementCounts {
  total: number;
  passed: number;
  failed: number;
  notRun: number;
  skipped: number;
}

export interface RequirementResult {
  id: string;
  spec: string;
  level: RequirementLevel;
  profiles: string[];
  verdict: RequirementVerdict;
  /** Ids of the executed scenarios tagged with this requirement. */
  scenarios: string[];
}

// A type alias, not an interface, so that it is assignable to the generated type's open object (see below).
export type ScenarioResult = {
  /** `<uri>:<scenario line>`, plus `:<example row line>` for an outline example. */
  id: string;
  name: string;
  feature: string;
  uri: string;
  tags: string[];
  requirements: string[];
  status: ScenarioStatus;
  durationMs: number;
  /** First failure message, at most 2048 UTF-8 bytes; present exactly when status is failed or undefined. */
  error?: string;
  /** Present exactly when status is skipped. */
  skipReason?: string;
};

export interface EnvironmentInfo {
  node: string;
  platform: string;
  arch: string;
  harnessVersion: string;
  cucumberVersion: string | null;
}

/** The environment fields a caller knows; the Cucumber version comes from the messages themselves. */
export type HostEnvironment = Omit<EnvironmentInfo, 'cucumberVersion'>;

export interface Report {
  reportVersion: 1;
  runId: string;
  createdAt: string;
  suite: SuiteIdentity;
  runtime: RuntimeIdentity;
  run: RunOptions;
  summary: {
    scenarios: ScenarioCounts;
    requirements: RequirementCounts;
    durationMs: number;
  };
  requirements: RequirementResult[];
  scenarios: ScenarioResult[];
  environment: EnvironmentInfo;
  verdict: Verdict;
  verdictReasons: string[];
}

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compiles only while Report and the schema-generated CertificationReport describe the same documents. */
export type ReportMatchesSchema = Assert<MutuallyAssignable<Report, CertificationReport>>;
