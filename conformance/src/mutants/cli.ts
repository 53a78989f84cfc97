// `npm run conformance:mutants [-- --only FAULT ... --jobs N]`: runs the suite against every mutant of the
// reference and prints the requirement × mutant matrix. Exits 1 when a mutant survives or a MUST has no mutant.
import { parseArgs } from 'node:util';
import { checkCatalogue, loadCatalogue, loadRequirements, type Mutant } from './catalogue.ts';
import { renderMatrix, summarise } from './matrix.ts';
import { runMutant, type MutantResult } from './run-mutant.ts';

async function runAll(mutants: readonly Mutant[], jobs: number, onResult: (r: MutantResult) => void): Promise<MutantResult[]> {
  const results: MutantResult[] = new Array<MutantResult>(mutants.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < mutants.length) {
      const index = next++;
      const result = await runMutant(mutants[index]!);
      results[index] = result;
      onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, mutants.length) }, () => worker()));
  return results;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { only: { type: 'string', multiple: true, default: [] }, jobs: { type: 'string', default: '2' } },
    strict: true,
  });
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) {
    process.stderr.write('conformance:mutants: --jobs must be an integer between 1 and 16\n');
    return 2;
  }
  const catalogue = loadCatalogue();
  const problems = checkCatalogue(catalogue, loadRequirements());
  const unknownOnly = values.only.filter((f) => !catalogue.some((m) => m.fault === f));
  if (unknownOnly.length > 0) {
    process.stderr.write(`conformance:mutants: not in the catalogue: ${unknownOnly.join(', ')}\n`);
    return 2;
  }
  const selected = values.only.length === 0 ? catalogue : catalogue.filter((m) => values.only.includes(m.fault));
  process.stdout.write(`running ${selected.length} mutant(s), ${jobs} at a time\n`);
  let done = 0;
  const results = await runAll(selected, jobs, (r) => {
    done += 1;
    process.stdout.write(`[${String(done).padStart(String(selected.length).length)}/${selected.length}] ${r.outcome.padEnd(8)} ${r.fault}\n`);
    if (r.outcome !== 'killed' && r.detail.length > 0) process.stdout.write(`${r.detail.replace(/^/gm, '    ')}\n`);
  });
  const cells = selected.reduce((n, m) => n + m.kills.length, 0);
  process.stdout.write(`\n${renderMatrix(selected, results)}\n\n${summarise(results, cells)}\n`);
  let failed = results.some((r) => r.outcome !== 'killed');
  if (problems.unknown.length > 0 || problems.duplicates.length > 0) {
    process.stdout.write(`catalogue problems: unknown requirements [${problems.unknown.join(', ')}], duplicate faults [${problems.duplicates.join(', ')}]\n`);
    failed = true;
  }
  if (values.only.length === 0 && problems.uncovered.length > 0) {
    process.stdout.write(`MUST requirements with no mutant: ${problems.uncovered.join(', ')}\n`);
    failed = true;
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
