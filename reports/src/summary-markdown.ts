/**
 * summary.md: the human-readable page of a report — verdict, runtime identity, per-spec table, failures.
 */
import type { Report } from './report-types.ts';
import { specRows } from './spec-summary.ts';
import { firstLine } from './text-limits.ts';

/**
 * Escapes the CommonMark/GFM punctuation that changes inline rendering or splits a table cell, and a leading
 * block marker, so report text (scenario names, error messages) renders literally on one line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (char) => `\\${char}`)
    .replace(/^([#+-])/, '\\$1');
}

function code(text: string): string {
  // A code span needs a delimiter longer than any backtick run inside it (CommonMark §6.1).
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

function identityTable(report: Report): string[] {
  const { runtime, suite, run } = report;
  const rows: [string, string][] = [
    ['Runtime', `${escapeMarkdown(runtime.name)} ${escapeMarkdown(runtime.version)}`],
    ['Endpoint', code(runtime.endpoint)],
    ['Protocol version', escapeMarkdown(runtime.protocolVersion)],
    ['Mode', escapeMarkdown(runtime.mode)],
    ['Claimed profiles', escapeMarkdown(runtime.profiles.join(', ') || 'none')],
    ['Claimed capabilities', escapeMarkdown(runtime.capabilities.join(', ') || 'none')],
    ['Run', `${run.certification ? 'certification' : 'development'}; profile ${escapeMarkdown(run.profile ?? 'any')}; tags ${run.tags === null ? 'none' : code(run.tags)}`],
    ['Suite', `${escapeMarkdown(suite.name)} ${escapeMarkdown(suite.version)}, digest ${code(suite.digest)}`],
    ['Created', escapeMarkdown(report.createdAt)],
    ['Duration', `${(report.summary.durationMs / 1000).toFixed(3)} s`],
  ];
  return ['| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${value} |`)];
}

function specTable(report: Report): string[] {
  return [
    '| Spec | Requirements passed | Scenarios passed | Scenarios failed | Scenarios skipped |',
    '|---|---:|---:|---:|---:|',
    ...specRows(report).map(
      (r) => `| ${escapeMarkdown(r.spec)} | ${r.requirementsPassed}/${r.requirementsTotal} | ${r.scenariosPassed} | ${r.scenariosFailed} | ${r.scenariosSkipped} |`,
    ),
  ];
}

function failureList(report: Report): string[] {
  const failed = report.scenarios.filter((s) => s.status === 'failed' || s.status === 'undefined');
  if (failed.length === 0) return ['None.'];
  return failed.map((s) => {
    const requirements = s.requirements.length > 0 ? s.requirements.join(', ') : 'no requirement tag';
    const error = s.error === undefined ? '' : `: ${code(firstLine(s.error))}`;
    return `- ${code(s.id)} ${escapeMarkdown(s.name)} (${requirements})${error}`;
  });
}

function unverifiedList(report: Report): string[] {
  const open = report.requirements.filter((r) => r.verdict === 'not-run' || r.verdict === 'skipped');
  if (open.length === 0) return ['None.'];
  return open.map((r) => `- ${r.id} (${r.level}, ${r.verdict})`);
}

export function renderSummary(report: Report): string {
  const s = report.summary;
  const lines = [
    `# Conformance report ${escapeMarkdown(report.runId)}`,
    '',
    `**Verdict: ${report.verdict.toUpperCase()}**`,
    '',
    ...report.verdictReasons.map((reason) => `- ${escapeMarkdown(reason)}`),
    ...(report.verdictReasons.length > 0 ? [''] : []),
    ...identityTable(report),
    '',
    `Scenarios: ${s.scenarios.total} (${s.scenarios.passed} passed, ${s.scenarios.failed} failed, ` +
      `${s.scenarios.undefined} undefined, ${s.scenarios.skipped} skipped). ` +
      `Requirements: ${s.requirements.total} (${s.requirements.passed} passed, ${s.requirements.failed} failed, ` +
      `${s.requirements.skipped} skipped, ${s.requirements.notRun} not run).`,
    '',
    '## Requirements by spec',
    '',
    ...specTable(report),
    '',
    '## Failures',
    '',
    ...failureList(report),
    '',
    '## Requirements not verified',
    '',
    ...unverifiedList(report),
  ];
  return `${lines.join('\n')}\n`;
}
