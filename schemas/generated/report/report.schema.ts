/* Generated from schemas/report/report.schema.json by npm run gen. Do not edit. */

export type RunId = string;
export type Sha256 = string;
export type NameList = string[];
export type OptionalName = string | null;
export type Count = number;
export type DurationMs = number;
export type RequirementId = string;
export type SpecId = string;
export type ScenarioResult = {
  [k: string]: unknown;
} & {
  /**
   * Feature file uri, ':' and the scenario's line; for an outline example, ':' and the example row's line follow.
   */
  id: string;
  name: string;
  feature: string;
  uri: string;
  tags: string[];
  requirements: RequirementId[];
  status: 'passed' | 'failed' | 'skipped' | 'undefined';
  durationMs: DurationMs;
  error?: string;
  skipReason?: string;
};

/**
 * The machine-readable result of one conformance run: suite identity, runtime identity, per-requirement verdicts and per-scenario results, built from the run's Cucumber Messages.
 */
export interface CertificationReport {
  reportVersion: 1;
  runId: RunId;
  createdAt: string;
  suite: {
    name: string;
    version: string;
    digest: Sha256;
  };
  runtime: {
    endpoint: string;
    name: string;
    version: string;
    protocolVersion: string;
    mode: string;
    profiles: NameList;
    capabilities: NameList;
  };
  run: {
    profile: OptionalName;
    tags: OptionalName;
    certification: boolean;
  };
  summary: {
    scenarios: {
      total: Count;
      passed: Count;
      failed: Count;
      skipped: Count;
      undefined: Count;
    };
    requirements: {
      total: Count;
      passed: Count;
      failed: Count;
      notRun: Count;
      skipped: Count;
    };
    durationMs: DurationMs;
  };
  requirements: RequirementResult[];
  scenarios: ScenarioResult[];
  environment: {
    node: string;
    platform: string;
    arch: string;
    harnessVersion: string;
    /**
     * Version of the Cucumber implementation named by the run's meta message; null when the stream had none.
     */
    cucumberVersion: string | null;
  };
  verdict: 'pass' | 'fail';
  /**
   * Why the verdict is fail, one sentence each; empty when the verdict is pass.
   */
  verdictReasons: string[];
}
export interface RequirementResult {
  id: RequirementId;
  spec: SpecId;
  level: 'MUST' | 'SHOULD' | 'MAY';
  profiles: NameList;
  verdict: 'pass' | 'fail' | 'skipped' | 'not-run';
  /**
   * Ids of the executed scenarios tagged with this requirement.
   */
  scenarios: string[];
}
