// npm run soak [-- --minutes M] [--streams N]: the serving benchmark's load (N streaming clients on a worker thread,
// generations back to back against the reference server on loopback, all in this process) for M minutes (10 by
// default). Every 30 s it forces a full garbage collection and samples process.memoryUsage(); at the end it prints
// the samples and the least-squares slope of heapUsed and rss over the second half (MiB per minute).
//
// Verdict: "flat" when, for both heapUsed and rss, the growth that slope predicts over the second half is below 2 % of
// the value at the start of the second half, or below 1 MiB where that is larger (the first half holds start-up and
// warm-up: JIT code, the KV pool's prefix cache filling, the retained finished generations filling up). The 1 MiB
// floor absorbs the in-flight generations a sample happens to catch (a few hundred KiB either way); a leak of even
// 25 bytes per generation still exceeds it over the second half of a 10-minute run. Exit status 1 if not flat.
//
// Needs node --expose-gc (the npm script passes it).

import { parseArgs } from 'node:util';
import { positive } from '../reference/src/bench/bench-cli.ts';
import { LoadWorker, startBenchServer } from '../reference/src/bench/serving-harness.ts';
import { secondHalfVerdict, type GrowthVerdict } from '../reference/src/bench/serving-stats.ts';

const SAMPLE_SECONDS = 30;
/** Largest growth over the second half, as a fraction of the value it starts from, that still reads as flat. */
const FLAT_LIMIT = 0.02;
/** Growth below this many bytes reads as flat too, whatever the fraction says. */
const FLAT_FLOOR = 2 ** 20;
const MIB = 2 ** 20;

interface Sample {
  minutes: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Completion tokens streamed so far. */
  tokens: number;
}

function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run soak does)');
  gc();
}

function sample(minutes: number, tokens: number): Sample {
  forceGc();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { minutes, rss, heapUsed, external, arrayBuffers, tokens };
}

function verdictLine(name: string, verdict: GrowthVerdict): string {
  return `${name.padEnd(9)} slope ${(verdict.slope / MIB).toFixed(3).padStart(8)} MiB/min; growth over the second half ` +
    `${(verdict.growth / MIB).toFixed(2).padStart(7)} MiB = ${((100 * verdict.growth) / verdict.start).toFixed(2).padStart(6)} % of ` +
    `${(verdict.start / MIB).toFixed(1)} MiB: ${verdict.flat ? 'flat' : 'growing'}`;
}

async function soak(minutes: number, streams: number): Promise<boolean> {
  forceGc();
  const server = await startBenchServer();
  const clients = new LoadWorker();
  const samples: Sample[] = [];
  let tokens = 0;
  try {
    console.log(`soak: ${streams} streaming clients, prompt 16 + 32 tokens, for ${minutes} min; memory after a forced GC every ${SAMPLE_SECONDS} s`);
    const started = performance.now();
    const wanted = Math.floor((minutes * 60) / SAMPLE_SECONDS) + 1;
    samples.push(sample(0, 0));
    const timer = setInterval(() => {
      samples.push(sample((performance.now() - started) / 60_000, tokens));
      if (samples.length >= wanted) clearInterval(timer);
    }, SAMPLE_SECONDS * 1000);
    const plan = { streams, generations: 8, promptTokens: 16, maxTokens: 32, seed: 'soak', model: server.model };
    try {
      for (let first = 0; samples.length < wanted; first += streams * plan.generations) {
        const result = await clients.run(server.target, { ...plan, firstPrompt: first });
        tokens += result.generations.reduce((sum, g) => sum + g.tokens.length, 0);
      }
    } finally {
      clearInterval(timer);
    }
  } finally {
    await clients.close();
    await server.close();
  }
  console.log('');
  console.log('   min    rss MiB  heapUsed MiB  external MiB  arrayBuffers MiB   tokens/s');
  samples.forEach((s, i) => {
    const previous = samples[i - 1];
    const rate = previous === undefined ? 0 : (s.tokens - previous.tokens) / ((s.minutes - previous.minutes) * 60);
    console.log(`${s.minutes.toFixed(2).padStart(6)} ${(s.rss / MIB).toFixed(1).padStart(10)} ${(s.heapUsed / MIB).toFixed(1).padStart(13)} ` +
      `${(s.external / MIB).toFixed(1).padStart(13)} ${(s.arrayBuffers / MIB).toFixed(1).padStart(17)} ${rate.toFixed(0).padStart(10)}`);
  });
  const heap = secondHalfVerdict(samples.map((s) => ({ x: s.minutes, y: s.heapUsed })), FLAT_LIMIT, FLAT_FLOOR);
  const rss = secondHalfVerdict(samples.map((s) => ({ x: s.minutes, y: s.rss })), FLAT_LIMIT, FLAT_FLOOR);
  console.log('');
  console.log(`second half (samples from ${(samples.at(-1)!.minutes / 2).toFixed(2)} min on), flat = growth < ${FLAT_LIMIT * 100} % of its start or < 1 MiB:`);
  console.log(verdictLine('heapUsed', heap));
  console.log(verdictLine('rss', rss));
  const flat = heap.flat && rss.flat;
  console.log(`verdict: ${flat ? 'flat' : 'NOT flat'}`);
  return flat;
}

let options: { minutes: number; streams: number } | null = null;
try {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { minutes: { type: 'string' }, streams: { type: 'string' } } });
  options = { minutes: positive(values.minutes, 10, 'minutes'), streams: positive(values.streams, 64, 'streams') };
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
if (options !== null) {
  try {
    process.exitCode = (await soak(options.minutes, options.streams)) ? 0 : 1;
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
}
