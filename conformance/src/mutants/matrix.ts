// The adequacy matrix: for each requirement, the mutants that must break it and whether its scenarios caught them.
import type { Mutant } from './catalogue.ts';
import type { MutantResult } from './run-mutant.ts';

const MARK: Record<string, string> = { fail: 'killed' };

export function renderMatrix(mutants: readonly Mutant[], results: readonly MutantResult[]): string {
  const byFault = new Map(results.map((r) => [r.fault, r]));
  const rows = new Map<string, string[]>();
  for (const m of mutants) {
    for (const id of m.kills) {
      const result = byFault.get(m.fault);
      const verdict = result === undefined ? 'not run' : result.outcome === 'error' ? 'error' : MARK[result.verdicts[id] ?? ''] ?? `SURVIVED (${result.verdicts[id] ?? 'absent'})`;
      const cells = rows.get(id) ?? [];
      cells.push(`${m.fault}: ${verdict}`);
      rows.set(id, cells);
    }
  }
  const ids = [...rows.keys()].sort();
  const width = Math.max(...ids.map((id) => id.length));
  return ids.map((id) => `${id.padEnd(width)}  ${(rows.get(id) ?? []).join('; ')}`).join('\n');
}

export function summarise(results: readonly MutantResult[], cells: number): string {
  const count = (o: string): number => results.filter((r) => r.outcome === o).length;
  return `mutants: ${results.length} run, ${count('killed')} killed, ${count('survived')} survived, ${count('error')} errors; matrix cells: ${cells}`;
}
