// The mutant catalogue (conformance/mutants.json): which requirements each reference fault switch must make fail.
// Checked against the schema and against specs/requirements.json before any mutant runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SchemaRegistry, describeSchemaErrors } from '../driver/schemas.ts';
import { RunSetupError } from '../errors.ts';
import { repoRoot } from '../paths.ts';

export interface Mutant {
  readonly fault: string;
  readonly kills: readonly string[];
  readonly effect: string;
}

export interface RequirementEntry {
  readonly id: string;
  readonly level: string;
  readonly verification: string;
  readonly retired?: boolean;
}

export const CATALOGUE_FILE = path.join(repoRoot, 'conformance', 'mutants.json');
export const REQUIREMENTS_FILE = path.join(repoRoot, 'specs', 'requirements.json');

export function loadCatalogue(file: string = CATALOGUE_FILE, schemas: SchemaRegistry = new SchemaRegistry()): Mutant[] {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const check = schemas.check('conformance/mutant-catalogue', data);
  if (!check.valid) throw new RunSetupError('H_MUTANTS_INVALID', `${file}: ${describeSchemaErrors(check.errors)}`);
  return (data as { mutants: Mutant[] }).mutants;
}

export function loadRequirements(file: string = REQUIREMENTS_FILE): RequirementEntry[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { requirements: RequirementEntry[] }).requirements;
}

export interface CatalogueProblems {
  /** Catalogue entries naming requirements that do not exist (or are retired). */
  readonly unknown: readonly string[];
  /** Endpoint-verified MUST / MUST NOT requirements no mutant targets. */
  readonly uncovered: readonly string[];
  /** Fault names listed twice. */
  readonly duplicates: readonly string[];
}

export function checkCatalogue(mutants: readonly Mutant[], requirements: readonly RequirementEntry[]): CatalogueProblems {
  const live = new Map(requirements.filter((r) => r.retired !== true).map((r) => [r.id, r]));
  const targeted = new Set(mutants.flatMap((m) => m.kills));
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const m of mutants) {
    if (seen.has(m.fault)) duplicates.push(m.fault);
    seen.add(m.fault);
  }
  return {
    unknown: mutants.flatMap((m) => m.kills.filter((id) => !live.has(id)).map((id) => `${m.fault} → ${id}`)),
    uncovered: [...live.values()]
      .filter((r) => (r.level === 'MUST' || r.level === 'MUST NOT') && r.verification === 'endpoint' && !targeted.has(r.id))
      .map((r) => r.id),
    duplicates,
  };
}

/** Cucumber tag expression selecting the scenarios of the given requirements. */
export function tagExpressionFor(requirementIds: readonly string[]): string {
  return requirementIds.map((id) => `@${id}`).join(' or ');
}
