// npm run bench (storage part): the storage tiers measured side by side with their baselines in one process.
//  1. Cold-tier load (read + size and SHA-256 check, then decode) against plain reads of the same files: readFile, and
//     a read with the verified read's own chunk sizes (what the reads alone cost, without the hash).
//  2. Hit rates of the hot and warm tiers on a Zipf-distributed routing trace (seeded, so every run replays it).
//  3. Forward tokens/s of the procedural 10^8- and 10^12-parameter models (same dims, same k) once their working
//     set is hot (steady state), and with fresh inputs every pass (experts generated on first use).
import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, VirtualClock } from '../clock.ts';
import { runForward } from '../forward/forward-engine.ts';
import type { ForwardModel } from '../forward/forward-types.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { kernelBackend, loadAddon } from '../native/native-kernels.ts';
import { streamOutputInto } from '../numeric/splitmix64.ts';
import { streamKey } from '../numeric/stream-key.ts';
import { chunkLength, readVerified, VERIFIED_READ_CHUNKS } from '../storage/verified-read.ts';
import { ColdTier } from '../storage/tiers/cold-tier.ts';
import { ProceduralArchive } from '../storage/tiers/expert-archive.ts';
import { payloadBytes, type ExpertRef } from '../storage/tiers/expert-payload.ts';
import { CONFORMING_TIERS, ExpertStore, type TierBudgets } from '../storage/tiers/expert-store.ts';
import { PROCEDURAL_MODELS, proceduralWeights } from '../storage/tiers/tiered-model.ts';
import { fixtureSequence } from './fixture-sequences.ts';
import { distinctExperts, median } from './forward-bench.ts';
import { sha256Hex } from '../numeric/sha256-hex.ts';

export interface StorageBenchOptions {
  passes?: number;
  /** Accesses in the Zipf trace. */
  accesses?: number;
  print?: (line: string) => void;
}

export interface StorageBenchReport {
  cold: {
    source: string; concurrency: number; plainGBps: number; sameChunksGBps: number; verifiedGBps: number; loadGBps: number;
    /** Against readFile. */
    verifiedRatio: number; loadRatio: number;
    /** Against the plain read with the verified read's chunk sizes. */
    verifiedRatioSameChunks: number; loadRatioSameChunks: number;
  }[];
  zipf: { budget: string; hot: number; warm: number; cold: number; archive: number }[];
  forward: { shape: string; inputs: string; tokensPerSecond1e8: number; tokensPerSecond1e12: number; ratio: number; experts1e8: number; experts1e12: number }[];
}

const GB = 1e9;

/** A plain read of a whole file in the chunk sizes of the verified read, one read after another, no hash. */
export async function readInVerifiedChunks(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafeSlow(size);
    for (let k = 0, at = 0; at < size; k++) {
      const { bytesRead } = await handle.read(bytes, at, chunkLength(k, at, size), at);
      if (bytesRead === 0) throw new Error(`${path} ended early`);
      at += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * 1. Cold loads vs plain reads of the same expert files, alternating, median over passes. With `dropCache`, every
 * file's pages are dropped from the OS cache before each timed pass, so all of them read the device. Two plain
 * reads: readFile (512 KiB reads), and one in the verified read's chunk sizes, which read a cold file sooner: the
 * first ratio is what a load costs against the ordinary read, the second what the hash costs over the same reads.
 */
async function benchColdLoads(dir: string, passes: number, dropCache: ((file: string) => void) | null, concurrency: number): Promise<StorageBenchReport['cold'][number]> {
  const descriptor = PROCEDURAL_MODELS['procedural-1e8']!;
  const shape = { d: descriptor.dModel, dFF: descriptor.dFF };
  const cold = new ColdTier(join(dir, 'cold'), shape);
  const archive = new ProceduralArchive(descriptor);
  const refs: ExpertRef[] = Array.from({ length: 64 }, (_, expert) => ({ layer: 0, expert }));
  await cold.stage(refs.map((ref) => ({ ref, payload: archive.generate(ref) })));
  const files = refs.map((ref) => join(cold.dir, `layer-${ref.layer}-expert-${ref.expert}.safetensors`));
  const bytes = cold.fileBytes * refs.length;
  const contents = await Promise.all(files.map((file) => readFile(file)));
  if (contents.some((file) => file.length !== cold.fileBytes)) throw new Error('expert files have unexpected sizes');
  const sha256 = contents.map(sha256Hex);
  const timed = async (body: () => Promise<void>): Promise<number> => {
    if (dropCache !== null) files.forEach(dropCache);
    const started = performance.now();
    await body();
    return performance.now() - started;
  };
  const plain: number[] = [];
  const sameChunks: number[] = [];
  const verified: number[] = [];
  const loaded: number[] = [];
  for (let p = 0; p < passes; p++) {
    plain.push(await timed(() => forEachConcurrently(files.length, concurrency, async (i) => {
      await readFile(files[i]!);
    })));
    sameChunks.push(await timed(() => forEachConcurrently(files.length, concurrency, async (i) => {
      await readInVerifiedChunks(files[i]!);
    })));
    verified.push(await timed(() => forEachConcurrently(files.length, concurrency, async (i) => {
      const result = await readVerified(files[i]!, cold.fileBytes, sha256[i]!);
      if (!result.ok) throw new Error(`cold file ${files[i]} failed verification`);
    })));
    loaded.push(await timed(() => forEachConcurrently(files.length, concurrency, async (i) => {
      await cold.read(refs[i]!);
    })));
  }
  const rate = (ms: number[]) => bytes / (median(ms) / 1000) / GB;
  const ratio = (base: number[], of: number[]) => median(base.map((ms, i) => ms / of[i]!));
  const result = {
    source: dropCache === null ? 'page cache' : 'device',
    concurrency,
    plainGBps: rate(plain), sameChunksGBps: rate(sameChunks), verifiedGBps: rate(verified), loadGBps: rate(loaded),
    verifiedRatio: ratio(plain, verified), loadRatio: ratio(plain, loaded),
    verifiedRatioSameChunks: ratio(sameChunks, verified), loadRatioSameChunks: ratio(sameChunks, loaded),
  };
  await cold.clear();
  return result;
}

/** Runs body(0 .. count-1) with at most `concurrency` in flight, as the store loads the experts of one wave. */
async function forEachConcurrently(count: number, concurrency: number, body: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await body(next++);
  }));
}

/** A seeded Zipf(s) sampler over ranks 0..n-1 (rank r drawn with weight 1 / (r + 1)^s), by inverse CDF. */
export class ZipfSampler {
  private readonly cdf: Float64Array;
  private readonly key = streamKey('litellm/v1/bench/zipf');
  private readonly draw = new Uint32Array(2);
  private index = 0;

  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let r = 0; r < n; r++) this.cdf[r] = total += 1 / (r + 1) ** s;
    for (let r = 0; r < n; r++) this.cdf[r]! /= total;
  }

  next(): number {
    streamOutputInto(this.key.hi, this.key.lo, this.index++, this.draw);
    const u = (this.draw[0]! * 2 ** 21 + (this.draw[1]! >>> 11)) / 2 ** 53;
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** 2. Where each access of a Zipf trace over 65,536 experts was served, for three budgets. */
async function benchZipf(dir: string, accesses: number): Promise<StorageBenchReport['zipf']> {
  const descriptor = { ...DEFAULT_MODEL_DESCRIPTOR, name: 'zipf', layers: 1, hierarchy: { tiers: 16, groupsPerTier: 64, expertsPerGroup: 64 } };
  const shape = { d: descriptor.dModel, dFF: descriptor.dFF };
  const expert = payloadBytes(shape);
  const experts = 16 * 64 * 64;
  const rows: StorageBenchReport['zipf'] = [];
  for (const [label, slots, warm, cold] of [['hot 256 / warm 1024 / cold 8192 experts', 256, 1024, 8192], ['hot 1024 / warm 4096 / cold 16384 experts', 1024, 4096, 16384]] as const) {
    const budgets: TierBudgets = { hotBytes: slots * expert, warmBytes: warm * expert, coldBytes: 0 };
    const coldTier = new ColdTier(join(dir, `zipf-${slots}`), shape);
    budgets.coldBytes = cold * coldTier.fileBytes;
    const store = new ExpertStore({
      shape, layers: 1, expertsPerLayer: experts, budgets, cold: coldTier, archive: new ProceduralArchive(descriptor),
      clock: new VirtualClock(), behaviour: CONFORMING_TIERS,
    });
    const zipf = new ZipfSampler(experts, 1.0);
    // Rank r is expert (r * 40503) mod n: popular experts spread over the id space rather than packed at 0.
    for (let i = 0; i < accesses; i++) {
      const lease = await store.acquire(0, Int32Array.of((zipf.next() * 40503) % experts));
      lease.release();
    }
    const { hits, misses } = store.counters;
    rows.push({ budget: label, hot: hits.hot / accesses, warm: hits.warm / accesses, cold: hits.cold / accesses, archive: misses / accesses });
    await store.close();
  }
  return rows;
}

const HOT_BYTES = 512 * 2 ** 20;
/** Hot slots of the procedural models at HOT_BYTES (an expert is 3 x 64 x 2048 x 4 bytes). */
const HOT_SLOTS = Math.floor(HOT_BYTES / (3 * 64 * 2048 * 4));

/** 3. Forward tokens/s of the two procedural models, paired passes; the same budgets for both. */
async function benchForward(dir: string, passes: number): Promise<StorageBenchReport['forward']> {
  const budgets: TierBudgets = { hotBytes: HOT_BYTES, warmBytes: 256 * 2 ** 20, coldBytes: 0 };
  const models: ForwardModel[] = ['procedural-1e8', 'procedural-1e12'].map((name) => {
    const descriptor = PROCEDURAL_MODELS[name]!;
    const weights = proceduralWeights(descriptor, { budgets, coldDir: join(dir, name), clock: systemClock, behaviour: CONFORMING_TIERS });
    return { id: name, descriptor, transformer: weights.transformer! };
  });
  const pacing = { clock: systemClock, perLayerDelayMs: 0, deadlineAt: null };
  const rows: StorageBenchReport['forward'] = [];
  const { vocab, seed } = models[0]!.descriptor;
  for (const [sequences, length] of [[1, 1], [1, 16], [4, 16]] as const) {
    for (const inputs of ['repeated', 'fresh'] as const) {
      const batch = (p: number) => Array.from({ length: sequences }, (_, s) => fixtureSequence(seed, 1000 + (inputs === 'fresh' ? p + 1 : 0) * sequences + s, length, vocab));
      // Steady state: one untimed pass puts the repeated batch's experts hot in both models.
      // The traced pass also counts the distinct experts a pass needs: the working set the hot slots must hold.
      const working: number[] = [];
      for (const model of models) working.push(distinctExperts(await runForward(model, batch(-1), { routingSeed: seed, trace: true, logits: false }, pacing)));
      const times: number[][] = [[], []];
      const ratios: number[] = [];
      for (let p = 0; p < passes; p++) {
        const pair = [];
        for (const [i, model] of models.entries()) {
          const started = performance.now();
          await runForward(model, batch(p), { routingSeed: seed, trace: false, logits: false }, pacing);
          const ms = performance.now() - started;
          times[i]!.push(ms);
          pair.push(ms);
        }
        ratios.push(pair[0]! / pair[1]!);
      }
      const tokens = sequences * length;
      rows.push({
        experts1e8: working[0]!, experts1e12: working[1]!,
        shape: `${sequences} x ${length}`, inputs,
        tokensPerSecond1e8: tokens / (median(times[0]!) / 1000), tokensPerSecond1e12: tokens / (median(times[1]!) / 1000), ratio: median(ratios),
      });
    }
  }
  return rows;
}

export async function runStorageBench(options: StorageBenchOptions = {}): Promise<StorageBenchReport> {
  const passes = options.passes ?? 9;
  const print = options.print ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'litellm-storage-bench-'));
  try {
    print(`storage bench: kernels ${kernelBackend().name}; median of ${passes} paired passes`);
    const addon = loadAddon();
    const drop = addon === null ? null : (file: string) => void addon.dropPageCache(file);
    const cold = [];
    for (const [source, concurrency] of [[drop, 1], [drop, 4], [null, 1], [null, 4]] as const) cold.push(await benchColdLoads(dir, passes, source, concurrency));
    print('');
    const kib = VERIFIED_READ_CHUNKS.map((length) => length / 1024).join(', ');
    print('cold tier: 64 expert files of procedural-1e8 (1.5 MiB each); device = OS page cache dropped before every pass');
    print(`  plain read = readFile; same chunks = a plain read in the verified read's chunk sizes (${kib} KiB, then the last again)`);
    print('  ratios: against the plain read / against the same chunks');
    if (drop === null) print('  (native addon not built: the device rows cannot drop the page cache and read from memory)');
    print('  source       files at once   plain read   same chunks   read + size + SHA-256 (ratios)   full cold load: + strict decode (ratios)');
    const ratios = (a: number, b: number) => `(${a.toFixed(3)} / ${b.toFixed(3)})`;
    for (const row of cold) {
      print(`  ${row.source.padEnd(10)} ${String(row.concurrency).padStart(15)} ${row.plainGBps.toFixed(2).padStart(6)} GB/s ${row.sameChunksGBps.toFixed(2).padStart(8)} GB/s` +
        ` ${row.verifiedGBps.toFixed(2).padStart(10)} GB/s ${ratios(row.verifiedRatio, row.verifiedRatioSameChunks)}` +
        ` ${row.loadGBps.toFixed(2).padStart(16)} GB/s ${ratios(row.loadRatio, row.loadRatioSameChunks)}`);
    }
    const zipf = await benchZipf(dir, options.accesses ?? 50_000);
    print('');
    print(`Zipf routing trace (s = 1.0, 65,536 experts, ${options.accesses ?? 50_000} accesses, seeded): where each access was served`);
    for (const row of zipf) {
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
      print(`  ${row.budget.padEnd(42)} hot ${pct(row.hot)}  warm ${pct(row.warm)}  hot+warm ${pct(row.hot + row.warm)}  cold ${pct(row.cold)}  archive ${pct(row.archive)}`);
    }
    const forward = await benchForward(dir, passes);
    print('');
    print('forward tokens/s, procedural models (d 64, dFF 2048, L 2, k 1/2/2; hot 512 MiB, warm 256 MiB each)');
    print(`  shape     inputs      ~10^8 params   ~10^12 params   ratio 10^12 / 10^8   experts per pass (10^8 / 10^12; ${HOT_SLOTS} hot slots)`);
    for (const row of forward) {
      print(`  ${row.shape.padEnd(9)} ${row.inputs.padEnd(9)} ${row.tokensPerSecond1e8.toFixed(0).padStart(14)} ${row.tokensPerSecond1e12.toFixed(0).padStart(15)} ${row.ratio.toFixed(3).padStart(20)} ${`${row.experts1e8} / ${row.experts1e12}`.padStart(16)}`);
    }
    return { cold, zipf, forward };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

