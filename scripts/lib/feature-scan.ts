// Reads features/**/*.feature with the same Gherkin parser cucumber-js uses and lists, for every scenario, the
// tags it carries once inheritance is applied: Feature → Rule → Scenario / Scenario Outline → Examples.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type Examples, type Feature, type Scenario, type Tag } from '@cucumber/messages';
import { listFiles } from './repo-files.ts';
import { compareText, problem, type Problem } from './problems.ts';

export const FEATURES_DIR = 'features';

/** One tag as written in a file. */
export interface TagUse {
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/**
 * One runnable case: a Scenario, or one Examples block of a Scenario Outline (an outline without Examples still
 * counts once). `tags` is the inherited, de-duplicated, sorted tag set.
 */
export interface ScenarioCase {
  readonly file: string;
  /** Line of the Scenario keyword. */
  readonly scenarioLine: number;
  /** Line of the Examples keyword for outline cases, else the scenario line. */
  readonly line: number;
  readonly keyword: string;
  readonly name: string;
  readonly tags: readonly string[];
}

export interface FeatureScan {
  readonly files: readonly string[];
  readonly tagUses: readonly TagUse[];
  readonly cases: readonly ScenarioCase[];
  /** Scenario and Scenario Outline definitions (not expanded). */
  readonly scenarioCount: number;
  readonly problems: readonly Problem[];
}

interface GherkinErrorLike {
  message?: unknown;
  location?: { line?: unknown };
  errors?: unknown;
}

/** Every parse error of one file, each at its own line; the parser reports all of them, not only the first. */
function parseErrors(error: unknown, file: string): Problem[] {
  const e = error as GherkinErrorLike;
  const parts = Array.isArray(e.errors) && e.errors.length > 0 ? (e.errors as GherkinErrorLike[]) : [e];
  return parts.map((part) => {
    const line = typeof part.location?.line === 'number' ? part.location.line : 1;
    const message = String(part.message ?? error).replace(/^\(\d+:\d+\): /, '');
    return problem(file, line, 'feature.parse', `Gherkin parse error: ${message}`);
  });
}

export function parseFeatureSource(source: string, file: string): { feature: Feature | undefined; problems: Problem[] } {
  const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
  try {
    return { feature: parser.parse(source).feature, problems: [] };
  } catch (error) {
    return { feature: undefined, problems: parseErrors(error, file) };
  }
}

function tagNames(tags: readonly Tag[]): string[] {
  return tags.map((t) => t.name);
}

function casesOf(scenario: Scenario, inherited: readonly string[], file: string): ScenarioCase[] {
  const base = {
    file,
    scenarioLine: scenario.location.line,
    keyword: scenario.keyword,
    name: scenario.name,
  };
  const own = [...inherited, ...tagNames(scenario.tags)];
  const make = (extra: readonly string[], line: number): ScenarioCase => ({
    ...base,
    line,
    tags: [...new Set([...own, ...extra])].sort(compareText),
  });
  if (scenario.examples.length === 0) return [make([], scenario.location.line)];
  return scenario.examples.map((ex: Examples) => make(tagNames(ex.tags), ex.location.line));
}

/** Tag uses and cases of one parsed feature. */
export function collectFeature(feature: Feature, file: string): { tagUses: TagUse[]; cases: ScenarioCase[] } {
  const tagUses: TagUse[] = [];
  const use = (tags: readonly Tag[]): void => {
    for (const t of tags) tagUses.push({ name: t.name, file, line: t.location.line });
  };
  const cases: ScenarioCase[] = [];
  const scenario = (s: Scenario, inherited: readonly string[]): void => {
    use(s.tags);
    for (const ex of s.examples) use(ex.tags);
    cases.push(...casesOf(s, inherited, file));
  };
  use(feature.tags);
  const featureTags = tagNames(feature.tags);
  for (const child of feature.children) {
    if (child.scenario) scenario(child.scenario, featureTags);
    if (child.rule) {
      use(child.rule.tags);
      const ruleTags = [...featureTags, ...tagNames(child.rule.tags)];
      for (const ruleChild of child.rule.children) if (ruleChild.scenario) scenario(ruleChild.scenario, ruleTags);
    }
  }
  return { tagUses, cases };
}

/** Parses every .feature file under root/features. */
export function scanFeatures(root: string): FeatureScan {
  const files = listFiles(root, FEATURES_DIR, (name) => name.endsWith('.feature'));
  const tagUses: TagUse[] = [];
  const cases: ScenarioCase[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const parsed = parseFeatureSource(readFileSync(path.join(root, file), 'utf8'), file);
    problems.push(...parsed.problems);
    if (parsed.feature === undefined) continue;
    const collected = collectFeature(parsed.feature, file);
    tagUses.push(...collected.tagUses);
    cases.push(...collected.cases);
  }
  const scenarioCount = new Set(cases.map((c) => `${c.file}:${c.scenarioLine}`)).size;
  return { files, tagUses, cases, scenarioCount, problems };
}
