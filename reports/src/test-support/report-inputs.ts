/**
 * Inputs shared by the report tests: a requirements index, a runtime info body, and a builder of BuildReportInput
 * with fixed identity, time and environment so that reports are reproducible.
 */
import type { Envelope } from '@cucumber/messages';
import type { BuildReportInput } from '../build-report.ts';
import type { Report, ScenarioResult } from '../report-types.ts';

export const FIXTURE_REQUIREMENTS = {
  version: 1,
  requirements: [
    { id: 'REQ-003-001', spec: 'SPEC-003', level: 'MUST', text: 'Ties are broken by seed.', sha256: 'a'.repeat(64), verification: 'endpoint', profiles: ['core'], retired: false },
    { id: 'REQ-003-002', spec: 'SPEC-003', level: 'MUST', profiles: ['core'] },
    { id: 'REQ-003-003', spec: 'SPEC-003', level: 'SHOULD', profiles: ['streaming'] },
    { id: 'REQ-003-004', spec: 'SPEC-003', level: 'MUST', profiles: ['core'] },
    { id: 'REQ-003-005', spec: 'SPEC-003', level: 'MUST', profiles: ['core'] },
    { id: 'REQ-003-006', spec: 'SPEC-003', level: 'MUST', profiles: ['core'], retired: true },
    { id: 'REQ-007-001', spec: 'SPEC-007', level: 'MUST' },
    { id: 'REQ-007-002', spec: 'SPEC-007', level: 'MAY', profile: 'core' },
    { id: 'REQ-007-003', spec: 'SPEC-007', level: 'MUST', profiles: ['core'], verification: 'endpoint' },
  ],
};

export const FIXTURE_INFO = {
  runtime: { name: 'lite-llm-reference', version: '0.1.0' },
  protocolVersion: '1.0',
  mode: 'conformance',
  profiles: ['core'],
  capabilities: ['models.load', 'route'],
  limits: { maxDModel: 4096, maxTokensPerRequest: 1024, maxManifestBytes: 1048576, maxShardBytes: 268435456, maxModels: 16 },
};

export const FIXTURE_RUN_ID = '20250102T030405Z-abc123';
export const FIXTURE_CREATED_AT = '2025-01-02T03:04:05.000Z';

export function fixtureInput(envelopes: readonly Envelope[], overrides: Partial<BuildReportInput> = {}): BuildReportInput {
  return {
    envelopes,
    requirements: FIXTURE_REQUIREMENTS,
    info: FIXTURE_INFO,
    endpoint: 'http://127.0.0.1:4000',
    run: { runId: FIXTURE_RUN_ID, profile: 'core', tags: null, certification: false },
    createdAt: FIXTURE_CREATED_AT,
    suite: { name: 'lite-llm-conformance', version: '0.1.0', digest: '0'.repeat(64) },
    environment: { node: 'v20.19.0', platform: 'linux', arch: 'x64', harnessVersion: '0.1.0' },
    ...overrides,
  };
}

/** A scenario result with defaults, for rule tests that need no message stream. */
export function scenario(id: string, status: ScenarioResult['status'], requirements: string[], tags: string[] = []): ScenarioResult {
  const result: ScenarioResult = {
    id, name: id, feature: 'Feature', uri: id.split(':')[0] ?? id, tags, requirements, status, durationMs: 1,
  };
  if (status === 'failed' || status === 'undefined') result.error = `${status} at ${id}`;
  if (status === 'skipped') result.skipReason = 'capability not claimed: stream';
  return result;
}

/** A minimal valid report around the given scenarios, for renderer tests. */
export function reportWith(scenarios: ScenarioResult[], overrides: Partial<Report> = {}): Report {
  const count = (status: ScenarioResult['status']): number => scenarios.filter((s) => s.status === status).length;
  return {
    reportVersion: 1,
    runId: FIXTURE_RUN_ID,
    createdAt: FIXTURE_CREATED_AT,
    suite: { name: 'lite-llm-conformance', version: '0.1.0', digest: '0'.repeat(64) },
    runtime: { endpoint: 'http://127.0.0.1:4000', name: 'rt', version: '1.0', protocolVersion: '1.0', mode: 'conformance', profiles: ['core'], capabilities: [] },
    run: { profile: 'core', tags: null, certification: false },
    summary: {
      scenarios: { total: scenarios.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), undefined: count('undefined') },
      requirements: { total: 0, passed: 0, failed: 0, notRun: 0, skipped: 0 },
      durationMs: 10,
    },
    requirements: [],
    scenarios,
    environment: { node: 'v20.19.0', platform: 'linux', arch: 'x64', harnessVersion: '0.1.0', cucumberVersion: '12.9.0' },
    verdict: 'pass',
    verdictReasons: [],
    ...overrides,
  };
}
