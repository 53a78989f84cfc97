// Forward throughput at fixed top-k as the hierarchy grows 100x (SPEC-005 §4.3 in practice): two models with the same
// dimensions and k, 64 and 6,400 experts per layer, measured in one process on the same fixture sequences, passes
// alternating between the models so that drift in machine speed affects both alike. Prints tokens/s side by side and
// their ratio; per-token expert FLOPs are identical by construction, so the ratio shows what the larger router and the
// colder expert weights cost.
//
// Run: node --import tsx reference/src/bench/forward-bench.ts [--passes N] [--sequences N] [--length N]

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import { runForward } from '../forward/forward-engine.ts';
import type { ForwardModel } from '../forward/forward-types.ts';
import { DEFAULT_MODEL_DESCRIPTOR, generateModelWeights } from '../model/builtin-models.ts';
import type { DescriptorV2, Hierarchy } from '../model/manifest-types.ts';
import { tokenFlops } from '../model/compute-accounting.ts';
import { fixtureSequence } from './fixture-sequences.ts';

export interface ForwardBenchOptions {
  /** Timed passes per model (after one untimed warm-up pass each). */
  passes?: number;
  sequences?: number;
  /** Tokens per sequence, at most the models' maxSeq. */
  length?: number;
  /** Where the table goes; console.log by default. */
  print?: (line: string) => void;
}

export interface ForwardBenchRow {
  name: string;
  expertsPerLayer: number;
  tokensPerSecond: number;
  expertFlopsPerToken: number;
  routerFlopsPerToken: number;
}

export interface ForwardBenchReport {
  rows: [ForwardBenchRow, ForwardBenchRow];
  /** tokens/s of the 6,400-expert model divided by that of the 64-expert model. */
  ratio: number;
}

const HIERARCHIES: readonly [string, Hierarchy][] = [
  ['bench-64', { tiers: 4, groupsPerTier: 4, expertsPerGroup: 4 }],
  ['bench-6400', { tiers: 16, groupsPerTier: 20, expertsPerGroup: 20 }],
];

function benchModel(name: string, hierarchy: Hierarchy): ForwardModel {
  // The builtin model's dimensions and k; only the hierarchy differs.
  const descriptor: DescriptorV2 = { ...DEFAULT_MODEL_DESCRIPTOR, name, hierarchy };
  return { id: name, descriptor, transformer: generateModelWeights(descriptor).transformer! };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function runForwardBench(options: ForwardBenchOptions = {}): Promise<ForwardBenchReport> {
  const passes = options.passes ?? 5;
  const sequenceCount = options.sequences ?? 8;
  const length = Math.min(options.length ?? DEFAULT_MODEL_DESCRIPTOR.maxSeq, DEFAULT_MODEL_DESCRIPTOR.maxSeq);
  const print = options.print ?? ((line: string) => console.log(line));
  const models = HIERARCHIES.map(([name, hierarchy]) => benchModel(name, hierarchy));
  const { vocab, seed } = DEFAULT_MODEL_DESCRIPTOR;
  const sequences = Array.from({ length: sequenceCount }, (_, v) => fixtureSequence(seed, v, length, vocab));
  const tokens = sequenceCount * length;
  const pacing = { clock: systemClock, perLayerDelayMs: 0, deadlineAt: null };
  const pass = async (model: ForwardModel): Promise<number> => {
    const started = performance.now();
    await runForward(model, sequences, { routingSeed: seed, trace: false, logits: false }, pacing);
    return performance.now() - started;
  };

  for (const model of models) await pass(model);
  const times: number[][] = models.map(() => []);
  for (let p = 0; p < passes; p++) {
    for (const [i, model] of models.entries()) times[i]!.push(await pass(model));
  }
  const rows = models.map((model, i): ForwardBenchRow => {
    const flops = tokenFlops(model.descriptor, 0);
    const { tiers, groupsPerTier, expertsPerGroup } = model.descriptor.hierarchy;
    return {
      name: model.id,
      expertsPerLayer: tiers * groupsPerTier * expertsPerGroup,
      tokensPerSecond: tokens / (median(times[i]!) / 1000),
      expertFlopsPerToken: flops.experts,
      routerFlopsPerToken: flops.router,
    };
  }) as [ForwardBenchRow, ForwardBenchRow];
  const ratio = rows[1].tokensPerSecond / rows[0].tokensPerSecond;

  const { dModel, layers, dFF, topK } = DEFAULT_MODEL_DESCRIPTOR;
  print(`forward bench: d ${dModel}, L ${layers}, dFF ${dFF}, k ${topK.tier}/${topK.group}/${topK.expert}, shared expert; ` +
    `${sequenceCount} x ${length} tokens per pass, median of ${passes} passes`);
  print('model        experts/layer   tokens/s   expert FLOPs/token   router FLOPs/token');
  for (const row of rows) {
    print(`${row.name.padEnd(12)} ${String(row.expertsPerLayer).padStart(13)} ${row.tokensPerSecond.toFixed(0).padStart(10)} ` +
      `${String(row.expertFlopsPerToken).padStart(20)} ${String(row.routerFlopsPerToken).padStart(20)}`);
  }
  print(`ratio (6400 / 64 experts): ${ratio.toFixed(3)}`);
  return { rows, ratio };
}

function positive(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { passes: { type: 'string' }, sequences: { type: 'string' }, length: { type: 'string' } } });
  runForwardBench({
    passes: positive(values.passes, 5, 'passes'),
    sequences: positive(values.sequences, 8, 'sequences'),
    length: positive(values.length, DEFAULT_MODEL_DESCRIPTOR.maxSeq, 'length'),
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
