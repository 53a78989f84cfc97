// Rules linking scenarios to requirements: every tag names something that exists, every @REQ tag travels with
// its @SPEC tag, and every endpoint-verified MUST / MUST NOT has at least one scenario.
import type { FeatureScan, ScenarioCase } from './feature-scan.ts';
import type { LocatedRequirement, SpecCorpus } from './spec-corpus.ts';
import { requirementsById } from './spec-corpus.ts';
import { problem, type Problem } from './problems.ts';

const REQ_TAG = /^@REQ-(\d{3})-\d{3}$/;
const SPEC_TAG = /^@SPEC-\d{3}$/;
const CAPABILITY_TAG = /^@capability:[a-z0-9][a-z0-9._-]*$/;

/** True for requirements that a scenario must cover: binding, in force, observable at an endpoint. */
export function needsScenario(r: LocatedRequirement): boolean {
  return !r.retired && (r.level === 'MUST' || r.level === 'MUST NOT') && r.verification === 'endpoint';
}

/** True for binding requirements checked as submitted evidence instead of by scenarios. */
export function isAttestedMust(r: LocatedRequirement): boolean {
  return !r.retired && (r.level === 'MUST' || r.level === 'MUST NOT') && r.verification === 'attestation';
}

/** Each tag as written: well-formed, and naming an existing, non-retired requirement or an existing spec. */
export function checkTagUses(corpus: SpecCorpus, scan: FeatureScan): Problem[] {
  const requirements = requirementsById(corpus);
  const specIds = new Set(corpus.specs.map((s) => s.id));
  const problems: Problem[] = [];
  for (const use of scan.tagUses) {
    const at = (code: string, message: string): void => {
      problems.push(problem(use.file, use.line, code, message));
    };
    const upper = use.name.toUpperCase();
    if (upper.startsWith('@REQ-')) {
      if (!REQ_TAG.test(use.name)) at('feature.tag-malformed', `tag ${use.name} must be @REQ-NNN-MMM`);
      else if (!requirements.has(use.name.slice(1))) at('feature.tag-unknown-requirement', `tag ${use.name} names no requirement in specs/`);
      else if (requirements.get(use.name.slice(1))?.retired === true) {
        at('feature.tag-retired-requirement', `tag ${use.name} names a retired requirement`);
      }
    } else if (upper.startsWith('@SPEC-')) {
      if (!SPEC_TAG.test(use.name)) at('feature.tag-malformed', `tag ${use.name} must be @SPEC-NNN`);
      else if (!specIds.has(use.name.slice(1))) at('feature.tag-unknown-spec', `tag ${use.name} names no spec in specs/`);
    } else if (upper.startsWith('@CAPABILITY:') && !CAPABILITY_TAG.test(use.name)) {
      at('feature.tag-malformed', `tag ${use.name} must be @capability:name (lower case, digits, . _ -)`);
    }
  }
  return problems;
}

/** A case tagged @REQ-NNN-MMM must also carry (directly or by inheritance) @SPEC-NNN. */
export function checkSpecTagPairs(scan: FeatureScan): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const c of scan.cases) {
    for (const tag of c.tags) {
      const spec = REQ_TAG.exec(tag)?.[1];
      if (spec === undefined || c.tags.includes(`@SPEC-${spec}`)) continue;
      const key = `${c.file}:${c.line}:${tag}`;
      if (reported.has(key)) continue;
      reported.add(key);
      problems.push(problem(c.file, c.line, 'feature.tag-spec-missing', `${c.keyword} "${c.name}" is tagged ${tag} but not @SPEC-${spec}`));
    }
  }
  return problems;
}

/** Requirement id → the cases tagged with it. */
export function casesByRequirement(scan: FeatureScan): Map<string, ScenarioCase[]> {
  const byId = new Map<string, ScenarioCase[]>();
  for (const c of scan.cases) {
    for (const tag of c.tags) {
      if (!REQ_TAG.test(tag)) continue;
      const id = tag.slice(1);
      byId.set(id, [...(byId.get(id) ?? []), c]);
    }
  }
  return byId;
}

/** Every endpoint-verified MUST / MUST NOT in force has at least one scenario. */
export function checkCoverage(corpus: SpecCorpus, scan: FeatureScan): Problem[] {
  const covered = casesByRequirement(scan);
  return corpus.requirements
    .filter((r) => needsScenario(r) && !covered.has(r.id))
    .map((r) =>
      problem(r.spec.file, r.line, 'spec.requirement-uncovered', `${r.id} (${r.level}, endpoint) has no scenario tagged @${r.id}`),
    );
}
