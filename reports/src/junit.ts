/**
 * JUnit XML rendering of a report for CI systems: one testsuite per feature file, one testcase per scenario.
 * Scenarios with undefined steps are failures (type "undefined"): they verified nothing, as the verdict counts them.
 */
import type { Report, ScenarioResult } from './report-types.ts';
import { firstLine } from './text-limits.ts';
import { escapeXmlText, xmlAttributes } from './xml-text.ts';

const SPEC_TAG = /^@(SPEC-[0-9]{3})$/;

interface Totals {
  tests: number;
  failures: number;
  skipped: number;
  ms: number;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function totalsOf(scenarios: readonly ScenarioResult[]): Totals {
  return {
    tests: scenarios.length,
    failures: scenarios.filter((s) => s.status === 'failed' || s.status === 'undefined').length,
    skipped: scenarios.filter((s) => s.status === 'skipped').length,
    ms: scenarios.reduce((sum, s) => sum + s.durationMs, 0),
  };
}

function totalsAttributes(totals: Totals): [string, string | number][] {
  return [
    ['tests', totals.tests],
    ['failures', totals.failures],
    ['errors', 0],
    ['skipped', totals.skipped],
    ['time', seconds(totals.ms)],
  ];
}

function classNameOf(scenario: ScenarioResult): string {
  const specTag = scenario.tags.map((tag) => SPEC_TAG.exec(tag)?.[1]).find((spec) => spec !== undefined);
  return specTag ?? (scenario.feature || scenario.uri);
}

function renderTestcase(scenario: ScenarioResult): string[] {
  const open = `    <testcase${xmlAttributes([
    ['classname', classNameOf(scenario)],
    ['name', scenario.name],
    ['time', seconds(scenario.durationMs)],
  ])}`;
  if (scenario.status === 'failed' || scenario.status === 'undefined') {
    const error = scenario.error ?? scenario.status;
    const failure = `<failure${xmlAttributes([['message', firstLine(error)], ['type', scenario.status]])}>`;
    return [`${open}>`, `      ${failure}${escapeXmlText(error)}</failure>`, '    </testcase>'];
  }
  if (scenario.status === 'skipped') {
    return [`${open}>`, `      <skipped${xmlAttributes([['message', scenario.skipReason ?? '']])}/>`, '    </testcase>'];
  }
  return [`${open}/>`];
}

export function renderJunit(report: Report): string {
  const byFile = new Map<string, ScenarioResult[]>();
  for (const scenario of report.scenarios) {
    const list = byFile.get(scenario.uri) ?? [];
    list.push(scenario);
    byFile.set(scenario.uri, list);
  }
  const suiteName = `${report.suite.name} ${report.suite.version} on ${report.runtime.name} ${report.runtime.version}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttributes([['name', suiteName], ...totalsAttributes(totalsOf(report.scenarios))])}>`,
  ];
  for (const [uri, scenarios] of byFile) {
    const name = scenarios[0]?.feature || uri;
    lines.push(`  <testsuite${xmlAttributes([['name', name], ...totalsAttributes(totalsOf(scenarios))])}>`);
    for (const scenario of scenarios) lines.push(...renderTestcase(scenario));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
