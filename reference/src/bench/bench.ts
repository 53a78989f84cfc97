// npm run bench: the forward benchmark (compute stays bounded as experts grow 100x) and then the storage benchmark
// (cold loads, Zipf hit rates, 10^8 vs 10^12 parameters), then the serving benchmark (streaming over HTTP against the
// raw step rate), in one process. `--only forward|storage|serving` runs one of them.
import { parseArgs } from 'node:util';
import { isMain, positive, runBenchCli } from './bench-cli.ts';
import { parseInputMode, parseShape, runForwardBench, type ForwardBenchOptions } from './forward-bench.ts';
import { runServingBench, type ServingBenchOptions } from './serving-bench.ts';
import { SERVING_MODELS } from './serving-harness.ts';
import { runStorageBench, type StorageBenchOptions } from './storage-bench.ts';

export interface BenchOptions {
  forward: ForwardBenchOptions | null;
  storage: StorageBenchOptions | null;
  /** One serving run per model (`--model` picks one; both by default). */
  serving: ServingBenchOptions[] | null;
}

export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: { only: { type: 'string' }, passes: { type: 'string' }, shape: { type: 'string', multiple: true }, inputs: { type: 'string' }, accesses: { type: 'string' },
      streams: { type: 'string' }, generations: { type: 'string' }, model: { type: 'string' } },
  });
  const only = values.only ?? 'all';
  if (!['all', 'forward', 'storage', 'serving'].includes(only)) throw new Error('--only must be forward, storage or serving');
  const shapes = values.shape?.map(parseShape);
  const inputs = values.inputs === undefined ? undefined : [parseInputMode(values.inputs)];
  const forward: ForwardBenchOptions = {
    passes: positive(values.passes, 21, 'passes'), ...(shapes === undefined ? {} : { shapes }), ...(inputs === undefined ? {} : { inputs }),
  };
  const storage: StorageBenchOptions = { passes: positive(values.passes, 9, 'passes'), accesses: positive(values.accesses, 50_000, 'accesses') };
  const models = values.model === undefined ? Object.keys(SERVING_MODELS) : [values.model];
  if (!models.every((model) => model in SERVING_MODELS)) throw new Error(`--model must be one of ${Object.keys(SERVING_MODELS).join(', ')}`);
  const serving: ServingBenchOptions[] = models.map((model) => ({
    streams: positive(values.streams, 64, 'streams'), generations: positive(values.generations, 8, 'generations'), rounds: positive(values.passes, 5, 'passes'), model,
  }));
  const runs = (section: string) => only === 'all' || only === section;
  return { forward: runs('forward') ? forward : null, storage: runs('storage') ? storage : null, serving: runs('serving') ? serving : null };
}

export async function runBench(options: BenchOptions): Promise<void> {
  if (options.forward !== null) await runForwardBench(options.forward);
  if (options.forward !== null && options.storage !== null) console.log('');
  if (options.storage !== null) await runStorageBench(options.storage);
  if ((options.forward !== null || options.storage !== null) && options.serving !== null) console.log('');
  for (const [i, serving] of (options.serving ?? []).entries()) {
    if (i > 0) console.log('');
    await runServingBench(serving);
  }
}

if (isMain(import.meta.url)) runBenchCli(() => parseBenchArgs(process.argv.slice(2)), runBench);
