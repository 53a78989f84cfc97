// Records the current requirement-text hashes in specs/reviewed.json, after the author has re-reviewed the
// scenarios of every requirement whose text changed. Reports each change with the scenarios to look at.
import path from 'node:path';
import { scanFeatures, type ScenarioCase } from './feature-scan.ts';
import { writeFileAtomic } from './repo-files.ts';
import { loadReviewed, REVIEWED_FILE, serialiseReviewed } from './reviewed-hashes.ts';
import { loadSpecCorpus, requirementsById, type LocatedRequirement } from './spec-corpus.ts';
import { casesByRequirement } from './tag-rules.ts';
import { problem, sortProblems, type Problem } from './problems.ts';

export interface ApprovalChange {
  readonly requirement: LocatedRequirement;
  /** Undefined when the requirement had no reviewed hash yet. */
  readonly previous: string | undefined;
  readonly current: string;
  /** One entry per scenario definition tagged with the requirement. */
  readonly scenarios: readonly ScenarioCase[];
}

export interface ApprovalResult {
  readonly problems: readonly Problem[];
  readonly changes: readonly ApprovalChange[];
  /** Reviewed ids removed because no spec defines them any more (only when approving everything). */
  readonly dropped: readonly string[];
  readonly written: boolean;
}

/**
 * Approves `ids`, or every requirement when `ids` is empty. Refuses (writes nothing) when a named id is unknown,
 * when a spec that defines an approved requirement has parse problems, or when reviewed.json is unreadable.
 */
export function approveRequirements(root: string, ids: readonly string[]): ApprovalResult {
  const corpus = loadSpecCorpus(root);
  const byId = requirementsById(corpus);
  const refused = (problems: readonly Problem[]): ApprovalResult => ({ problems: sortProblems(problems), changes: [], dropped: [], written: false });

  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    return refused(unknown.map((id) => problem(REVIEWED_FILE, 1, 'approve.unknown-id', `${id} is not defined by any spec`)));
  }
  const selected = ids.length === 0 ? [...corpus.requirements] : [...new Set(ids)].sort().flatMap((id) => byId.get(id) ?? []);
  const touchedFiles = new Set(selected.map((r) => r.spec.file));
  // Hashes of a spec that does not parse cleanly may be of half-read text; approving them would hide the defect.
  const blocking = corpus.problems.filter((p) => ids.length === 0 || touchedFiles.has(p.file));
  if (blocking.length > 0) return refused(blocking);

  const reviewed = loadReviewed(root);
  const missing = reviewed.hashes === undefined && reviewed.problems.every((p) => p.code === 'reviewed.missing');
  if (reviewed.hashes === undefined && !missing) return refused(reviewed.problems);
  const hashes = new Map(reviewed.hashes ?? []);

  const covered = casesByRequirement(scanFeatures(root));
  const changes: ApprovalChange[] = [];
  for (const r of selected) {
    const previous = hashes.get(r.id);
    if (previous === r.sha256) continue;
    const seen = new Set<string>();
    const scenarios = (covered.get(r.id) ?? []).filter((c) => {
      const key = `${c.file}:${c.scenarioLine}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    changes.push({ requirement: r, previous, current: r.sha256, scenarios });
    hashes.set(r.id, r.sha256);
  }
  const dropped = ids.length === 0 ? [...hashes.keys()].filter((id) => !byId.has(id)).sort() : [];
  for (const id of dropped) hashes.delete(id);

  const unchanged = changes.length === 0 && dropped.length === 0 && !missing;
  if (!unchanged) writeFileAtomic(path.join(root, REVIEWED_FILE), serialiseReviewed(hashes));
  return { problems: [], changes, dropped, written: !unchanged };
}

/** Human-readable account of one change: the text, the old and new hash, and what to re-review. */
export function describeChange(change: ApprovalChange): string[] {
  const r = change.requirement;
  const lines = [
    `${r.id} (${r.spec.file}:${r.line})`,
    `  reviewed hash: ${change.previous ?? '(none)'}`,
    `  current hash:  ${change.current}`,
    `  text: ${r.text}`,
  ];
  if (change.scenarios.length === 0) {
    lines.push('  scenarios: none tagged with it');
  } else {
    lines.push('  scenarios to re-review:');
    for (const c of change.scenarios) lines.push(`    ${c.file}:${c.scenarioLine} ${c.keyword}: ${c.name}`);
  }
  return lines;
}
