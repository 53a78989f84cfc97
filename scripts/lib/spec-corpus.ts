// The spec corpus: every specs/*.md parsed, plus problems that only show across files (two files, one spec id).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from './repo-files.ts';
import { parseSpec, type ParsedRequirement, type ParsedSpec } from './spec-parser.ts';
import { problem, type Problem } from './problems.ts';

export const SPECS_DIR = 'specs';
/** Markdown in specs/ that is not a spec. */
const NOT_SPECS = new Set(['README.md']);

export interface SpecCorpus {
  readonly specs: readonly ParsedSpec[];
  /** Every requirement of every spec, sorted by id. */
  readonly requirements: readonly LocatedRequirement[];
  /** Parse problems of every spec plus cross-file problems. */
  readonly problems: readonly Problem[];
}

export interface LocatedRequirement extends ParsedRequirement {
  readonly spec: ParsedSpec;
}

export function loadSpecCorpus(root: string): SpecCorpus {
  const files = listFiles(root, SPECS_DIR, (name) => name.endsWith('.md') && !NOT_SPECS.has(name), () => true);
  const specs = files.map((file) => parseSpec(readFileSync(path.join(root, file), 'utf8'), file));
  const problems: Problem[] = specs.flatMap((s) => s.problems);

  const firstFileOf = new Map<string, string>();
  for (const s of specs) {
    if (s.id === '') continue;
    const first = firstFileOf.get(s.id);
    if (first === undefined) firstFileOf.set(s.id, s.file);
    else problems.push(problem(s.file, 1, 'spec.id-duplicate', `${s.id} is already defined by ${first}`));
  }

  const requirements = specs
    .flatMap((spec) => spec.requirements.map((r): LocatedRequirement => ({ ...r, spec })))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { specs, requirements, problems };
}

/** Requirement id → requirement, first definition wins (duplicates are already reported as problems). */
export function requirementsById(corpus: SpecCorpus): Map<string, LocatedRequirement> {
  const byId = new Map<string, LocatedRequirement>();
  for (const r of corpus.requirements) if (!byId.has(r.id)) byId.set(r.id, r);
  return byId;
}
