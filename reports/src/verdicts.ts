/**
 * Per-requirement verdicts and the run verdict. A report is a certification artefact, so every rule here errs
 * towards "not verified": a requirement passes only on evidence, and a run passes only when nothing contradicts it.
 */
import type { TestRunFinished } from '@cucumber/messages';
import type { RequirementResult, RequirementVerdict, RunOptions, RuntimeIdentity, ScenarioResult } from './report-types.ts';
import type { RequirementEntry } from './requirements-index.ts';
import { CORE_PROFILE } from './requirements-index.ts';

/**
 * A requirement fails when any scenario verifying it failed or could not execute (undefined step); passes when at
 * least one passed and the others were skipped (a skipped scenario needs a capability the runtime does not claim);
 * is skipped when every scenario was skipped; and is not-run when no executed scenario carries its tag.
 */
export function requirementVerdict(scenarios: readonly ScenarioResult[]): RequirementVerdict {
  if (scenarios.length === 0) return 'not-run';
  if (scenarios.some((s) => s.status === 'failed' || s.status === 'undefined')) return 'fail';
  if (scenarios.some((s) => s.status === 'passed')) return 'pass';
  return 'skipped';
}

export function requirementResults(
  requirements: readonly RequirementEntry[],
  scenarios: readonly ScenarioResult[],
): RequirementResult[] {
  const byRequirement = new Map<string, ScenarioResult[]>();
  for (const scenario of scenarios) {
    for (const id of scenario.requirements) {
      const list = byRequirement.get(id) ?? [];
      list.push(scenario);
      byRequirement.set(id, list);
    }
  }
  return requirements
    .filter((requirement) => !requirement.retired)
    .map((requirement) => {
      const verifying = byRequirement.get(requirement.id) ?? [];
      return {
        id: requirement.id,
        spec: requirement.spec,
        level: requirement.level,
        profiles: [...requirement.profiles],
        verdict: requirementVerdict(verifying),
        scenarios: verifying.map((scenario) => scenario.id),
      };
    });
}

export interface RunCompleteness {
  runFinished: TestRunFinished | undefined;
  truncated: boolean;
}

const LISTED = 10;

function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, LISTED).join(', ');
  return ids.length > LISTED ? `${shown} and ${ids.length - LISTED} more` : shown;
}

/** Reasons the run fails, in a fixed order; the verdict is pass exactly when there are none. */
export function verdictReasons(
  scenarios: readonly ScenarioResult[],
  requirements: readonly RequirementResult[],
  runtime: RuntimeIdentity,
  run: RunOptions,
  completeness: RunCompleteness,
): string[] {
  const reasons: string[] = [];
  const { runFinished, truncated } = completeness;
  if (runFinished === undefined || truncated) reasons.push('the messages stream ends before the test run finished');
  const runError = runFinished?.exception?.message ?? runFinished?.message;
  if (runError) reasons.push(`the test run reported an error: ${runError.split('\n')[0] ?? ''}`);
  if (scenarios.length === 0) reasons.push('no scenario ran');
  const failed = scenarios.filter((s) => s.status === 'failed').map((s) => s.id);
  if (failed.length > 0) reasons.push(`${failed.length} scenario(s) failed: ${listIds(failed)}`);
  const undefinedSteps = scenarios.filter((s) => s.status === 'undefined').map((s) => s.id);
  if (undefinedSteps.length > 0) {
    reasons.push(`${undefinedSteps.length} scenario(s) have undefined steps: ${listIds(undefinedSteps)}`);
  }
  if (run.certification) {
    // Certification rules (SPEC-000): no tag filter, and every MUST of the claimed profiles passes. The core
    // profile cannot be unclaimed, so its MUSTs count even when the runtime omits it from its claim.
    if (run.tags !== null) reasons.push(`a certification run may not filter scenarios (tags: ${run.tags})`);
    const claimed = new Set([CORE_PROFILE, ...runtime.profiles]);
    const unmet = requirements.filter(
      (r) => r.level === 'MUST' && r.verdict !== 'pass' && r.profiles.some((profile) => claimed.has(profile)),
    );
    if (unmet.length > 0) {
      const profiles = [...claimed].sort().join(', ');
      const listed = unmet.map((r) => `${r.id} (${r.verdict})`);
      reasons.push(`${unmet.length} MUST requirement(s) of profiles ${profiles} did not pass: ${listIds(listed)}`);
    }
  }
  if (reasons.length === 0 && runFinished?.success === false) {
    reasons.push('the test runner reported the run as unsuccessful');
  }
  return reasons;
}
