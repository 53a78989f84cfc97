// Serving throughput and latency over HTTP against the raw step rate of the generation engine, in one process.
// The server listens on loopback with the built-in model; N clients (a worker thread) each stream generations back
// to back and time the first token and every gap between tokens. The baseline runs the same generations (same
// prompts, greedy, the server's batch size) straight through a Scheduler. Rounds alternate the two measurements, so
// drift in machine speed affects both alike; the figures printed are medians over rounds, and the ratio is the
// median of the per-round ratios (server tokens/s ÷ raw tokens/s). Each round also checks that the server streamed
// exactly the tokens the raw run produced for every prompt.
//
// Run: node --import tsx reference/src/bench/bench.ts --only serving [--streams N] [--generations G] [--passes R]

import { kernelBackend } from '../native/native-kernels.ts';
import { median } from './forward-bench.ts';
import { LoadWorker, SERVER_MAX_BATCH, SERVING_MODELS, startBenchServer, type BenchServer } from './serving-harness.ts';
import { promptIndices, promptOf, type LoadPlan, type LoadResult } from './serving-load.ts';
import { RawGenerator } from './serving-raw.ts';
import { percentile } from './serving-stats.ts';

export interface ServingBenchOptions {
  /** Concurrent streaming clients (64 by default). */
  streams: number;
  /** Generations each client runs back to back in one round (8 by default). */
  generations: number;
  /** Timed rounds, after one untimed warm-up round (5 by default). */
  rounds: number;
  /** 16 and 32 by default: 48 of the default model's 64 positions. */
  promptTokens?: number;
  maxTokens?: number;
  /** Prompt seed (fixture sequences). */
  seed?: string;
  /** A SERVING_MODELS name: `default` (the built-in model) or `wide`. */
  model?: string;
  print?: (line: string) => void;
}

export interface ServingRound {
  serverTokensPerSecond: number;
  rawTokensPerSecond: number;
  ratio: number;
  ttftP50Ms: number;
  ttftP99Ms: number;
  itlP50Ms: number;
  itlP99Ms: number;
  /** Mean sequences per scheduler step in the server during the round. */
  serverBatch: number;
  rawBatch: number;
}

export type ServingSummary = { [K in keyof ServingRound]: number };

/** Figures of one server load: tokens/s and latency percentiles from what the clients saw. */
export function serverFigures(result: LoadResult): Pick<ServingRound, 'serverTokensPerSecond' | 'ttftP50Ms' | 'ttftP99Ms' | 'itlP50Ms' | 'itlP99Ms'> {
  const ttft = result.generations.map((g) => g.ttftMs);
  const gaps = result.generations.flatMap((g) => g.gapsMs);
  const tokens = result.generations.reduce((sum, g) => sum + g.tokens.length, 0);
  return {
    serverTokensPerSecond: tokens / (result.wallMs / 1000),
    ttftP50Ms: percentile(ttft, 50), ttftP99Ms: percentile(ttft, 99),
    itlP50Ms: percentile(gaps, 50), itlP99Ms: percentile(gaps, 99),
  };
}

/** The median of every figure over rounds (the ratio too: the median of per-round ratios). */
export function summarise(rounds: readonly ServingRound[]): ServingSummary {
  const keys = Object.keys(rounds[0]!) as (keyof ServingRound)[];
  return Object.fromEntries(keys.map((key) => [key, median(rounds.map((round) => round[key]))])) as ServingSummary;
}

async function serverRound(server: BenchServer, clients: LoadWorker, plan: LoadPlan): Promise<{ result: LoadResult; batch: number }> {
  const before = await server.schedulerFigures();
  const result = await clients.run(server.target, plan);
  const after = await server.schedulerFigures();
  return { result, batch: (after.sequences - before.sequences) / Math.max(1, after.steps - before.steps) };
}

function checkSameTokens(result: LoadResult, raw: readonly number[][], first: number): void {
  for (const generation of result.generations) {
    const expected = raw[generation.prompt - first]!;
    if (generation.tokens.join(',') !== expected.join(',')) throw new Error(`prompt ${generation.prompt}: the server streamed other tokens than the raw run`);
  }
}

async function round(server: BenchServer, clients: LoadWorker, raw: RawGenerator, plan: LoadPlan, serverFirst: boolean): Promise<ServingRound> {
  const prompts = promptIndices(plan).map((index) => promptOf(plan, index));
  let served: { result: LoadResult; batch: number } | null = null;
  if (serverFirst) served = await serverRound(server, clients, plan);
  const direct = await raw.run(prompts, plan.maxTokens);
  served ??= await serverRound(server, clients, plan);
  checkSameTokens(served.result, direct.tokens, plan.firstPrompt);
  const rawTokens = direct.tokens.reduce((sum, tokens) => sum + tokens.length, 0);
  const figures = serverFigures(served.result);
  const rawTokensPerSecond = rawTokens / (direct.wallMs / 1000);
  return {
    ...figures, rawTokensPerSecond, ratio: figures.serverTokensPerSecond / rawTokensPerSecond,
    serverBatch: served.batch, rawBatch: rawTokens / direct.steps,
  };
}

const fixed = (value: number, digits: number, width: number): string => value.toFixed(digits).padStart(width);

function row(label: string, r: ServingRound): string {
  return `${label.padEnd(7)}${fixed(r.serverTokensPerSecond, 0, 11)}${fixed(r.rawTokensPerSecond, 0, 11)}${fixed(r.ratio, 3, 8)}` +
    `${fixed(r.ttftP50Ms, 2, 10)}${fixed(r.ttftP99Ms, 2, 10)}${fixed(r.itlP50Ms, 2, 9)}${fixed(r.itlP99Ms, 2, 9)}` +
    `${fixed(r.serverBatch, 1, 8)}${fixed(r.rawBatch, 1, 8)}`;
}

export async function runServingBench(options: ServingBenchOptions): Promise<ServingSummary> {
  const print = options.print ?? ((line: string) => console.log(line));
  const descriptor = SERVING_MODELS[options.model ?? 'default'];
  if (descriptor === undefined) throw new Error(`no serving model ${options.model}; known: ${Object.keys(SERVING_MODELS).join(', ')}`);
  const base = {
    streams: options.streams, generations: options.generations, promptTokens: options.promptTokens ?? 16, maxTokens: options.maxTokens ?? 32,
    seed: options.seed ?? 'serving', model: descriptor.name,
  };
  const perRound = base.streams * base.generations;
  const server = await startBenchServer(descriptor);
  const clients = new LoadWorker();
  const raw = new RawGenerator(Math.min(base.streams, SERVER_MAX_BATCH), descriptor);
  try {
    print(`serving bench, model ${descriptor.name} (d ${descriptor.dModel}, dFF ${descriptor.dFF}, ${descriptor.layers} layers): ${base.streams} streaming clients x ${base.generations} generations per round, prompt ${base.promptTokens} + ` +
      `${base.maxTokens} tokens, greedy; server on loopback, clients on a worker thread; raw = the same generations through ` +
      `a Scheduler in-process at batch ${Math.min(base.streams, SERVER_MAX_BATCH)}; ${options.rounds} rounds alternating after a warm-up; ` +
      `kernels: ${kernelBackend().name}`);
    await round(server, clients, raw, { ...base, firstPrompt: 0 }, true);
    print('');
    print('round  server t/s    raw t/s   ratio  TTFT p50  TTFT p99  ITL p50  ITL p99  batch  raw batch   (ms)');
    const rounds: ServingRound[] = [];
    for (let r = 0; r < options.rounds; r++) {
      rounds.push(await round(server, clients, raw, { ...base, firstPrompt: (r + 1) * perRound }, r % 2 === 0));
      print(row(String(r + 1), rounds[r]!));
    }
    const summary = summarise(rounds);
    print(row('median', summary));
    // What the ratio weighs: the serving layer's cost per token (an event written to a socket, read by a client)
    // against the model's own time per token, which for the built-in model is of the same order.
    const rawMicroseconds = 1e6 / summary.rawTokensPerSecond;
    print(`server tokens/s ÷ raw tokens/s: ${summary.ratio.toFixed(3)} (target ≥ 0.9: ${summary.ratio >= 0.9 ? 'met' : 'not met'}); ` +
      `raw time per token ${rawMicroseconds.toFixed(1)} µs at batch ${Math.min(base.streams, SERVER_MAX_BATCH)}; streamed tokens equal the raw run's for all ` +
      `${options.rounds * perRound} generations`);
    return summary;
  } finally {
    await clients.close();
    await server.close();
  }
}
