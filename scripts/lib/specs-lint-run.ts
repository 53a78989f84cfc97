// The whole specs lint: parse specs and features, apply the tag and coverage rules, compare requirement texts with
// their reviewed hashes, and check that specs/requirements.json matches the specs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { scanFeatures, type FeatureScan } from './feature-scan.ts';
import { loadReviewed } from './reviewed-hashes.ts';
import { buildRequirementsIndex, REQUIREMENTS_INDEX_FILE, serialiseRequirementsIndex } from './requirements-index.ts';
import { loadSpecCorpus, type LocatedRequirement, type SpecCorpus } from './spec-corpus.ts';
import { REQUIREMENT_LEVELS } from './spec-parser.ts';
import { checkCoverage, checkSpecTagPairs, checkTagUses, isAttestedMust } from './tag-rules.ts';
import { problem, sortProblems, type Problem } from './problems.ts';

export interface SpecsLintResult {
  readonly corpus: SpecCorpus;
  readonly scan: FeatureScan;
  /** Sorted by file and line. */
  readonly problems: readonly Problem[];
  /** Binding requirements verified by attestation: listed, never silently skipped. */
  readonly attested: readonly LocatedRequirement[];
  readonly summary: string;
}

function shortHash(h: string): string {
  return h.slice(0, 12);
}

/** Each requirement's current text hash against specs/reviewed.json, and no entries for unknown ids. */
export function checkReviewed(root: string, corpus: SpecCorpus): Problem[] {
  const reviewed = loadReviewed(root);
  const problems: Problem[] = [...reviewed.problems];
  const hashes = reviewed.hashes;
  if (hashes === undefined) return problems;
  const known = new Set<string>();
  for (const r of corpus.requirements) {
    known.add(r.id);
    const recorded = hashes.get(r.id);
    const approve = `review its scenarios, then run npm run specs:approve -- ${r.id}`;
    if (recorded === undefined) {
      problems.push(problem(r.spec.file, r.line, 'reviewed.unreviewed', `${r.id} has no reviewed text hash: ${approve}`));
    } else if (recorded !== r.sha256) {
      const change = `reviewed ${shortHash(recorded)}, now ${shortHash(r.sha256)}`;
      problems.push(problem(r.spec.file, r.line, 'reviewed.changed', `${r.id} text changed since review (${change}): ${approve}`));
    }
  }
  for (const id of hashes.keys()) {
    if (!known.has(id)) {
      problems.push(problem('specs/reviewed.json', reviewed.lineOf(id), 'reviewed.unknown', `${id} is not defined by any spec: run npm run specs:approve`));
    }
  }
  return problems;
}

/** specs/requirements.json must equal what specs:index would write now; skipped while specs have parse problems. */
export function checkIndexFresh(root: string, corpus: SpecCorpus): Problem[] {
  if (corpus.problems.length > 0) return [];
  const expected = serialiseRequirementsIndex(buildRequirementsIndex(corpus));
  const abs = path.join(root, REQUIREMENTS_INDEX_FILE);
  const actual = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
  if (actual === expected) return [];
  const state = actual === undefined ? 'is missing' : 'is stale';
  return [problem(REQUIREMENTS_INDEX_FILE, 1, 'index.stale', `${REQUIREMENTS_INDEX_FILE} ${state}: run npm run specs:index`)];
}

export function summarise(corpus: SpecCorpus, scan: FeatureScan, attested: number, problems: number): string {
  const active = corpus.requirements.filter((r) => !r.retired);
  const byLevel = REQUIREMENT_LEVELS.map((l) => `${l} ${active.filter((r) => r.level === l).length}`).join(', ');
  const retired = corpus.requirements.length - active.length;
  return (
    `specs: ${corpus.specs.length}, requirements: ${corpus.requirements.length} (${byLevel}; retired ${retired}; ` +
    `attestation MUST ${attested}), feature files: ${scan.files.length}, scenarios: ${scan.scenarioCount}, problems: ${problems}`
  );
}

export function lintSpecs(root: string): SpecsLintResult {
  const corpus = loadSpecCorpus(root);
  const scan = scanFeatures(root);
  const problems = sortProblems([
    ...corpus.problems,
    ...scan.problems,
    ...checkTagUses(corpus, scan),
    ...checkSpecTagPairs(scan),
    ...checkCoverage(corpus, scan),
    ...checkReviewed(root, corpus),
    ...checkIndexFresh(root, corpus),
  ]);
  const attested = corpus.requirements.filter(isAttestedMust);
  return { corpus, scan, problems, attested, summary: summarise(corpus, scan, attested.length, problems.length) };
}
