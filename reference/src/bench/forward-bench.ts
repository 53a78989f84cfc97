// Forward throughput at fixed top-k as the hierarchy grows 100x (SPEC-005 §4.3 in practice): two models with the same
// dimensions and k, 64 and 6,400 experts per layer, measured in one process on the same fixture sequences. For each
// batch shape and input mode the passes alternate between the models, so drift in machine speed affects both alike,
// and the ratio reported is the median over passes of (64-expert pass time / 6,400-expert pass time), pass by pass.
//
// Per-token expert FLOPs are identical by construction (the ledger counts what the kernels execute); the table also
// prints the router FLOPs that do grow with the hierarchy, and the expert weight bytes one pass reads at each layer
// (distinct experts selected x bytes per expert): the 64-expert model reads the same few MiB again and again, the
// 6,400-expert model streams tens of MiB of weights that no CPU cache holds. That traffic, not compute, is what the
// ratio measures beyond the router.
//
// Run: node --import tsx reference/src/bench/forward-bench.ts [--passes N] [--shape SxL]... [--inputs fresh|repeated]

import { systemClock } from '../clock.ts';
import { runForward } from '../forward/forward-engine.ts';
import type { ForwardModel, ForwardResult } from '../forward/forward-types.ts';
import { DEFAULT_MODEL_DESCRIPTOR, generateModelWeights } from '../model/builtin-models.ts';
import type { DescriptorV2, Hierarchy } from '../model/manifest-types.ts';
import { tokenFlops } from '../model/compute-accounting.ts';
import { kernelBackend } from '../native/native-kernels.ts';
import { fixtureSequence } from './fixture-sequences.ts';

export interface BatchShape {
  sequences: number;
  /** Tokens per sequence, at most the models' maxSeq. */
  length: number;
}

/**
 * `fresh`: pass p reads fixture sequences of its own, as a server sees new requests, so the experts it selects were
 * not all selected by the pass before (their weights come from DRAM unless the whole model fits in cache).
 * `repeated`: every pass reads the same sequences, so the selected experts' weights stay cached where they fit:
 * the steady state of a hot working set, which isolates compute from memory traffic.
 */
export type InputMode = 'fresh' | 'repeated';
export const INPUT_MODES: readonly InputMode[] = ['fresh', 'repeated'];

/** Dimensions that replace the built-in model's (the hierarchy and k are set separately). */
export type ModelDims = Partial<Pick<DescriptorV2, 'dModel' | 'dFF' | 'heads' | 'layers'>>;

export interface ForwardBenchOptions {
  /** Dimensions replacing the built-in model's; none by default. */
  dims?: ModelDims;
  /** The models' names and hierarchies; 64 and 6,400 experts per layer by default. */
  hierarchies?: readonly (readonly [string, Hierarchy])[];
  /** Timed passes per model and shape (after one untimed, traced warm-up pass each). */
  passes?: number;
  shapes?: readonly BatchShape[];
  inputs?: readonly InputMode[];
  /** Where the table goes; console.log by default. */
  print?: (line: string) => void;
}

export interface ForwardBenchRow {
  name: string;
  expertsPerLayer: number;
  tokensPerSecond: number;
  expertFlopsPerToken: number;
  routerFlopsPerToken: number;
  /** Mean over layers of (distinct experts the pass selected at that layer) x (bytes of one expert's FFN weights). */
  expertBytesPerLayer: number;
}

export interface ForwardBenchShapeReport {
  shape: BatchShape;
  inputs: InputMode;
  /** One row per model, in the order of the hierarchies. */
  rows: ForwardBenchRow[];
  /** Median over passes of the paired time ratio: first model's pass time / second model's; null for one model. */
  ratio: number | null;
}

/** Decode steps (one token per sequence per pass) first, then prefill batches. */
export const DEFAULT_SHAPES: readonly BatchShape[] = [
  { sequences: 1, length: 1 },
  { sequences: 8, length: 1 },
  { sequences: 1, length: 16 },
  { sequences: 8, length: 64 },
];

export const HIERARCHY_64: Hierarchy = { tiers: 4, groupsPerTier: 4, expertsPerGroup: 4 };
const HIERARCHIES: readonly (readonly [string, Hierarchy])[] = [
  ['bench-64', HIERARCHY_64],
  ['bench-6400', { tiers: 16, groupsPerTier: 20, expertsPerGroup: 20 }],
];

function benchModel(name: string, hierarchy: Hierarchy, dims: ModelDims): ForwardModel {
  // The builtin model's dimensions (unless replaced) and k; only the hierarchy differs between the two models.
  const descriptor: DescriptorV2 = { ...DEFAULT_MODEL_DESCRIPTOR, ...dims, name, hierarchy };
  return { id: name, descriptor, transformer: generateModelWeights(descriptor).transformer! };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Distinct (layer, expert) pairs a traced forward result routed to: the expert working set of the pass. */
export function distinctExperts(result: ForwardResult): number {
  const seen = new Set<string>();
  for (const sequence of result.sequences) {
    for (const token of sequence.tokens) {
      for (const route of token.routes ?? []) for (const expert of route.experts) seen.add(`${route.layer}/${expert.id}`);
    }
  }
  return seen.size;
}

/** Mean over layers of the bytes of the distinct routed experts a traced result selected. */
export function expertBytesPerLayer(result: ForwardResult, descriptor: DescriptorV2): number {
  const bytesPerExpert = 3 * descriptor.dModel * descriptor.dFF * 4;
  return (distinctExperts(result) / descriptor.layers) * bytesPerExpert;
}

async function benchShape(models: readonly ForwardModel[], shape: BatchShape, inputs: InputMode, passes: number): Promise<ForwardBenchShapeReport> {
  const { vocab, seed, maxSeq } = DEFAULT_MODEL_DESCRIPTOR;
  if (shape.length > maxSeq) throw new Error(`sequence length ${shape.length} exceeds maxSeq ${maxSeq}`);
  // Fresh inputs: pass p reads fixture sequences (p + 1)·S .. (p + 1)·S + S - 1 (the traced warm-up pass reads 0 .. S - 1).
  const batch = (p: number) => Array.from({ length: shape.sequences }, (_, s) =>
    fixtureSequence(seed, (inputs === 'fresh' ? p + 1 : 0) * shape.sequences + s, shape.length, vocab));
  const tokens = shape.sequences * shape.length;
  const pacing = { clock: systemClock, perLayerDelayMs: 0, deadlineAt: null };
  const pass = async (model: ForwardModel, sequences: number[][]): Promise<number> => {
    const started = performance.now();
    await runForward(model, sequences, { routingSeed: seed, trace: false, logits: false }, pacing);
    return performance.now() - started;
  };

  const bytes: number[] = [];
  for (const model of models) {
    const traced = await runForward(model, batch(-1), { routingSeed: seed, trace: true, logits: false }, pacing);
    bytes.push(expertBytesPerLayer(traced, model.descriptor));
  }
  const times: number[][] = models.map(() => []);
  const ratios: number[] = [];
  for (let p = 0; p < passes; p++) {
    const sequences = batch(p);
    const pair = [];
    for (const [i, model] of models.entries()) {
      const ms = await pass(model, sequences);
      times[i]!.push(ms);
      pair.push(ms);
    }
    if (pair.length === 2) ratios.push(pair[0]! / pair[1]!);
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
      expertBytesPerLayer: bytes[i]!,
    };
  });
  return { shape, inputs, rows, ratio: ratios.length === 0 ? null : median(ratios) };
}

export async function runForwardBench(options: ForwardBenchOptions = {}): Promise<ForwardBenchShapeReport[]> {
  const passes = options.passes ?? 21;
  const shapes = options.shapes ?? DEFAULT_SHAPES;
  const inputModes = options.inputs ?? INPUT_MODES;
  const print = options.print ?? ((line: string) => console.log(line));
  const models = (options.hierarchies ?? HIERARCHIES).map(([name, hierarchy]) => benchModel(name, hierarchy, options.dims ?? {}));
  const { dModel, layers, dFF, topK } = { ...DEFAULT_MODEL_DESCRIPTOR, ...options.dims };
  print(`forward bench: d ${dModel}, L ${layers}, dFF ${dFF}, k ${topK.tier}/${topK.group}/${topK.expert}, shared expert; ` +
    `median of ${passes} passes per shape, the two models alternating; kernels: ${kernelBackend().name}`);
  const reports: ForwardBenchShapeReport[] = [];
  for (const shape of shapes) for (const inputs of inputModes) {
    const report = await benchShape(models, shape, inputs, passes);
    reports.push(report);
    print('');
    print(`${shape.sequences} x ${shape.length} tokens per pass, ${inputs} inputs`);
    print('model        experts/layer   tokens/s   expert FLOPs/token   router FLOPs/token   expert weights read/layer');
    for (const row of report.rows) {
      print(`${row.name.padEnd(12)} ${String(row.expertsPerLayer).padStart(13)} ${row.tokensPerSecond.toFixed(0).padStart(10)} ` +
        `${String(row.expertFlopsPerToken).padStart(20)} ${String(row.routerFlopsPerToken).padStart(20)} ` +
        `${(row.expertBytesPerLayer / 2 ** 20).toFixed(2).padStart(22)} MiB`);
    }
    if (report.ratio !== null) print(`ratio (6400 / 64 experts, paired passes): ${report.ratio.toFixed(3)}`);
  }
  return reports;
}

export function parseShape(text: string): BatchShape {
  const match = /^(\d+)x(\d+)$/.exec(text);
  const shape = match === null ? null : { sequences: Number(match[1]), length: Number(match[2]) };
  if (shape === null || shape.sequences < 1 || shape.length < 1) throw new Error(`--shape must be SEQUENCESxLENGTH, e.g. 8x64, not ${text}`);
  return shape;
}

export function parseInputMode(text: string): InputMode {
  const mode = INPUT_MODES.find((m) => m === text);
  if (mode === undefined) throw new Error(`--inputs must be one of ${INPUT_MODES.join(', ')}, not ${text}`);
  return mode;
}
