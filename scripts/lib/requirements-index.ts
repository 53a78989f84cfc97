// specs/requirements.json: the machine-readable index of every requirement, generated from specs/*.md.
// The serialisation is canonical (fixed key order, two-space indent, trailing newline) so that regenerating from
// unchanged specs yields identical bytes and the drift check can compare text.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './repo-files.ts';
import { loadSpecCorpus, type SpecCorpus } from './spec-corpus.ts';
import type { RequirementLevel, Verification } from './spec-parser.ts';
import { sortProblems, ToolError, type Problem } from './problems.ts';

export const REQUIREMENTS_INDEX_FILE = 'specs/requirements.json';
/** Relative to the index file, so editors resolve it offline. */
export const REQUIREMENTS_INDEX_SCHEMA_REF = '../schemas/specs/requirements.schema.json';
export const REQUIREMENTS_INDEX_BANNER = 'Generated from specs/*.md by npm run specs:index. Do not edit.';

export interface IndexedSpec {
  readonly id: string;
  readonly title: string;
  readonly layer: string;
  readonly version: string;
  readonly status: string;
  readonly file: string;
  readonly dependsOn: readonly string[];
  readonly profiles: readonly string[];
}

export interface IndexedRequirement {
  readonly id: string;
  readonly spec: string;
  readonly level: RequirementLevel;
  readonly text: string;
  readonly sha256: string;
  readonly verification: Verification;
  readonly profiles: readonly string[];
  readonly retired: boolean;
}

export interface RequirementsIndex {
  readonly $schema: string;
  readonly $comment: string;
  readonly specs: readonly IndexedSpec[];
  readonly requirements: readonly IndexedRequirement[];
}

/**
 * Builds the index. Call only for a corpus without problems: a requirement whose keyword or verification could not
 * be parsed has no place in it, and this function throws rather than write a partial index.
 */
export function buildRequirementsIndex(corpus: SpecCorpus): RequirementsIndex {
  const specs = [...corpus.specs]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(
      (s): IndexedSpec => ({
        id: s.id,
        title: s.title,
        layer: s.layer,
        version: s.version,
        status: s.status,
        file: s.file,
        dependsOn: [...s.dependsOn],
        profiles: [...s.profiles],
      }),
    );
  const requirements = corpus.requirements.map((r): IndexedRequirement => {
    if (r.level === undefined || r.verification === undefined) {
      throw new ToolError('index.unparsed', `${r.spec.file}:${r.line}: ${r.id} cannot be indexed until its problems are fixed`);
    }
    return {
      id: r.id,
      spec: r.spec.id,
      level: r.level,
      text: r.text,
      sha256: r.sha256,
      verification: r.verification,
      profiles: [...r.spec.profiles],
      retired: r.retired,
    };
  });
  return { $schema: REQUIREMENTS_INDEX_SCHEMA_REF, $comment: REQUIREMENTS_INDEX_BANNER, specs, requirements };
}

/** Canonical text: object keys in the order built above, two-space indent, one trailing newline. */
export function serialiseRequirementsIndex(index: RequirementsIndex): string {
  return `${JSON.stringify(index, null, 2)}\n`;
}

export interface IndexRun {
  readonly problems: readonly Problem[];
  /** False when specs have problems (nothing written) or the file already held the same bytes. */
  readonly written: boolean;
  readonly requirementCount: number;
}

/** Regenerates specs/requirements.json under `root`; refuses while any spec has parse problems. */
export function writeRequirementsIndex(root: string): IndexRun {
  const corpus = loadSpecCorpus(root);
  if (corpus.problems.length > 0) return { problems: sortProblems(corpus.problems), written: false, requirementCount: 0 };
  const text = serialiseRequirementsIndex(buildRequirementsIndex(corpus));
  const abs = path.join(root, REQUIREMENTS_INDEX_FILE);
  const unchanged = existsSync(abs) && readFileSync(abs, 'utf8') === text;
  if (!unchanged) writeFileAtomic(abs, text);
  return { problems: [], written: !unchanged, requirementCount: corpus.requirements.length };
}
