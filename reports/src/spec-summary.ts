/**
 * Per-spec roll-up of a report, shared by the console summary and summary.md.
 */
import type { Report, ScenarioResult } from './report-types.ts';

export interface SpecRow {
  /** SPEC-NNN, or NO_SPEC for scenarios that name no spec at all. */
  spec: string;
  requirementsPassed: number;
  requirementsTotal: number;
  scenariosPassed: number;
  /** Failed scenarios, counting those with undefined steps: neither verified anything. */
  scenariosFailed: number;
  scenariosSkipped: number;
}

export const NO_SPEC = '(no spec)';

const SPEC_TAG = /^@(SPEC-[0-9]{3})$/;

/** The specs a scenario verifies: its @SPEC tags and the specs of the requirements it is tagged with. */
export function scenarioSpecs(scenario: ScenarioResult, specOfRequirement: ReadonlyMap<string, string>): string[] {
  const specs = new Set<string>();
  for (const tag of scenario.tags) {
    const match = SPEC_TAG.exec(tag);
    if (match?.[1]) specs.add(match[1]);
  }
  for (const id of scenario.requirements) specs.add(specOfRequirement.get(id) ?? `SPEC-${id.slice(4, 7)}`);
  return [...specs];
}

function emptyRow(spec: string): SpecRow {
  return { spec, requirementsPassed: 0, requirementsTotal: 0, scenariosPassed: 0, scenariosFailed: 0, scenariosSkipped: 0 };
}

export function specRows(report: Report): SpecRow[] {
  const rows = new Map<string, SpecRow>();
  const row = (spec: string): SpecRow => {
    const existing = rows.get(spec);
    if (existing) return existing;
    const created = emptyRow(spec);
    rows.set(spec, created);
    return created;
  };
  const specOfRequirement = new Map(report.requirements.map((r) => [r.id, r.spec]));
  for (const requirement of report.requirements) {
    const target = row(requirement.spec);
    target.requirementsTotal += 1;
    if (requirement.verdict === 'pass') target.requirementsPassed += 1;
  }
  for (const scenario of report.scenarios) {
    const specs = scenarioSpecs(scenario, specOfRequirement);
    for (const spec of specs.length > 0 ? specs : [NO_SPEC]) {
      const target = row(spec);
      if (scenario.status === 'passed') target.scenariosPassed += 1;
      else if (scenario.status === 'skipped') target.scenariosSkipped += 1;
      else target.scenariosFailed += 1;
    }
  }
  return [...rows.values()].sort((a, b) => {
    if (a.spec === NO_SPEC || b.spec === NO_SPEC) return a.spec === NO_SPEC ? 1 : -1;
    return a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0;
  });
}

/** Pads cells so columns line up; numeric columns are right-aligned. */
function alignColumns(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
  const widths = rightAligned.map((_, column) => Math.max(...rows.map((cells) => (cells[column] ?? '').length)));
  return rows.map((cells) =>
    cells
      .map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The per-spec table the CLI prints at the end of a run: requirements passed/total and scenario outcomes per spec,
 * then a total line (distinct scenarios, so a scenario verifying two specs counts once there).
 */
export function formatSpecSummary(report: Report): string {
  const header = ['spec', 'requirements', 'passed', 'failed', 'skipped'];
  const body = specRows(report).map((r) => [
    r.spec,
    `${r.requirementsPassed}/${r.requirementsTotal}`,
    String(r.scenariosPassed),
    String(r.scenariosFailed),
    String(r.scenariosSkipped),
  ]);
  const s = report.summary.scenarios;
  const total = [
    'total',
    `${report.summary.requirements.passed}/${report.summary.requirements.total}`,
    String(s.passed),
    String(s.failed + s.undefined),
    String(s.skipped),
  ];
  const lines = alignColumns([header, ...body, total], [false, true, true, true, true]);
  const rule = '-'.repeat(Math.max(...lines.map((line) => line.length)));
  return [lines[0], rule, ...lines.slice(1, -1), rule, lines.at(-1)].join('\n');
}
