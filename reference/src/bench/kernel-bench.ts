// Kernel throughput of the native addon beside OpenBLAS's sgemm in the same process, at decode (1–8 tokens per expert)
// and prefill (64–512) shapes of one expert GEMM (W1: dFF x d), then the whole expert FFN (W1, W3, SwiGLU, W2) with one
// and two threads, then forward tokens/s with and without the addon. OpenBLAS is loaded at run time when the system
// has it (Debian: apt-get install libopenblas0); without it the BLAS columns say so. The TypeScript kernel is timed at
// the decode shapes only (it is the fallback, two orders of magnitude slower at prefill).
//
// Run: node --import tsx reference/src/bench/kernel-bench.ts [--d 1024] [--dff 4096] [--min-ms 300]

import { parseArgs } from 'node:util';
import { matmulRows } from '../forward/kernels.ts';
import { EXPERTS, TokenLedger } from '../forward/token-ledger.ts';
import { ISA_NAMES, TYPESCRIPT_BACKEND, loadAddon, withKernelBackend, withKernelBackendAsync, type NativeAddon } from '../native/native-kernels.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { fillWeightStream } from '../model/weight-generator.ts';
import { isMain, positive, runBenchCli } from './bench-cli.ts';
import { HIERARCHY_64, runForwardBench, type BatchShape, type ModelDims } from './forward-bench.ts';

export const GEMM_ROWS = [1, 4, 8, 64, 512] as const;

/** Milliseconds per call of `f`: repeats until minMs have passed (after one untimed call), best of three rounds. */
export function timePerCall(f: () => void, minMs: number): number {
  f();
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let calls = 0;
    const started = performance.now();
    let elapsed = 0;
    do {
      f();
      calls++;
      elapsed = performance.now() - started;
    } while (elapsed < minMs / 3);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

/** n values of the model weight stream (SPEC-010 weight generation) named `name` under the bench's own seed. */
function seeded(n: number, name: string): Float32Array {
  const values = new Float32Array(n);
  fillWeightStream('bench-kernels', name, 1, values);
  return values;
}

const gflops = (flops: number, ms: number) => flops / ms / 1e6;
const cell = (value: number | null, width = 10) => (value === null ? '-' : value.toFixed(1)).padStart(width);

interface Sizes {
  d: number;
  dFF: number;
  minMs: number;
}

function gemmTable(addon: NativeAddon, blas: string | null, { d, dFF, minMs }: Sizes, print: (line: string) => void): void {
  const isa = ISA_NAMES.indexOf(addon.bestIsa());
  const W = seeded(dFF * d, 'W');
  print(`expert GEMM Y = X·W1ᵀ, W1 ${dFF} x ${d} (binary32), GFLOP/s (weight GB/s); native ${addon.bestIsa()}, one thread`);
  print('rows   native GFLOP/s   (GB/s)   OpenBLAS 1T   OpenBLAS 2T   native/BLAS-1T   TypeScript');
  for (const rows of GEMM_ROWS) {
    const X = seeded(rows * d, 'X');
    const Y = new Float32Array(rows * dFF);
    const flops = 2 * rows * d * dFF;
    const nativeMs = timePerCall(() => addon.matmulRows(isa, W, 0, dFF, d, X, 0, rows, Y, 0), minMs);
    const blas1 = blas === null ? null : timePerCall(() => addon.blasSgemmRows(W, dFF, d, X, rows, Y, 1), minMs);
    const blas2 = blas === null ? null : timePerCall(() => addon.blasSgemmRows(W, dFF, d, X, rows, Y, 2), minMs);
    let tsMs: number | null = null;
    if (rows <= 8) {
      const charge = { ledger: new TokenLedger(rows), category: EXPERTS, tokens: new Int32Array(rows) };
      tsMs = withKernelBackend(TYPESCRIPT_BACKEND, () => timePerCall(() => matmulRows(W, 0, dFF, d, X, rows, Y, charge), minMs));
    }
    const native = gflops(flops, nativeMs);
    const weightGbps = (4 * d * dFF) / nativeMs / 1e6;
    print(`${String(rows).padStart(4)} ${cell(native, 16)} ${cell(weightGbps, 9)} ${cell(blas1 === null ? null : gflops(flops, blas1), 13)} ` +
      `${cell(blas2 === null ? null : gflops(flops, blas2), 13)} ${cell(blas1 === null ? null : native / gflops(flops, blas1), 16)} ` +
      `${cell(tsMs === null ? null : gflops(flops, tsMs), 12)}`);
  }
}

function ffnTable(addon: NativeAddon, blas: string | null, { d, dFF, minMs }: Sizes, print: (line: string) => void): void {
  const isa = ISA_NAMES.indexOf(addon.bestIsa());
  const w1 = seeded(dFF * d, 'w1');
  const w3 = seeded(dFF * d, 'w3');
  const w2 = seeded(d * dFF, 'w2');
  print('');
  print('expert FFN (W1, W3, SwiGLU, W2) of one expert, GFLOP/s; OpenBLAS does the three GEMMs only (no SwiGLU)');
  print('rows   native 1T   native 2T   OpenBLAS 1T   OpenBLAS 2T');
  for (const rows of GEMM_ROWS) {
    const X = seeded(rows * d, 'X-ffn');
    const Y = new Float32Array(rows * d);
    const U = new Float32Array(rows * dFF);
    const flops = 6 * rows * d * dFF;
    const runs = [Int32Array.of(0), Int32Array.of(0), Int32Array.of(rows)] as const;
    const native = (threads: number) => gflops(flops, timePerCall(() => addon.expertFfnRuns(isa, w1, w3, w2, d, dFF, X, ...runs, Y, threads), minMs));
    const viaBlas = (threads: number) => blas === null ? null : gflops(flops, timePerCall(() => {
      addon.blasSgemmRows(w1, dFF, d, X, rows, U, threads);
      addon.blasSgemmRows(w3, dFF, d, X, rows, U, threads);
      addon.blasSgemmRows(w2, d, dFF, U, rows, Y, threads);
    }, minMs));
    print(`${String(rows).padStart(4)} ${cell(native(1), 11)} ${cell(native(2), 11)} ${cell(viaBlas(1), 13)} ${cell(viaBlas(2), 13)}`);
  }
}

export async function runKernelBench(sizes: Sizes, print: (line: string) => void = (line) => console.log(line)): Promise<void> {
  const addon = loadAddon();
  if (addon === null) {
    print('native kernels are not built (npm run native:build); nothing to compare');
    return;
  }
  const blas = addon.blasLoad();
  print(blas === null ? 'OpenBLAS not found (apt-get install libopenblas0): BLAS columns are empty' : `OpenBLAS: ${blas}`);
  gemmTable(addon, blas, sizes, print);
  ffnTable(addon, blas, sizes, print);
  print('');
  print('forward pass, repeated inputs, median of 5 passes: TypeScript kernels, then native');
  print('model                                      tokens/pass   TypeScript tok/s   native tok/s   speed-up');
  for (const model of FORWARD_MODELS) {
    const run = () => runForwardBench({ passes: 5, shapes: [model.shape], inputs: ['repeated'], print: () => undefined, dims: model.dims, hierarchies: [['m', HIERARCHY_64]] });
    const typescript = (await withKernelBackendAsync(TYPESCRIPT_BACKEND, run))[0]!.rows[0]!;
    const native = (await run())[0]!.rows[0]!;
    const { dModel, dFF, heads, layers } = { ...DEFAULT_MODEL_DESCRIPTOR, ...model.dims };
    const name = `d ${dModel}, dFF ${dFF}, ${heads} heads, L ${layers}, 64 experts`;
    print(`${name.padEnd(42)} ${String(model.shape.sequences * model.shape.length).padStart(11)} ${typescript.tokensPerSecond.toFixed(0).padStart(18)} ` +
      `${native.tokensPerSecond.toFixed(0).padStart(14)} ${('x' + (native.tokensPerSecond / typescript.tokensPerSecond).toFixed(1)).padStart(10)}`);
  }
}

/** The built-in model's dimensions, and wider ones where the kernels rather than the per-token bookkeeping dominate. */
const FORWARD_MODELS: readonly { dims: ModelDims; shape: BatchShape }[] = [
  { dims: {}, shape: { sequences: 8, length: 64 } },
  { dims: { dModel: 256, dFF: 1024, heads: 8 }, shape: { sequences: 1, length: 64 } },
];

if (isMain(import.meta.url)) {
  runBenchCli(() => {
    const { values } = parseArgs({ options: { d: { type: 'string' }, dff: { type: 'string' }, 'min-ms': { type: 'string' } } });
    return { d: positive(values.d, 1024, 'd'), dFF: positive(values.dff, 4096, 'dff'), minMs: positive(values['min-ms'], 300, 'min-ms') };
  }, (sizes) => runKernelBench(sizes));
}
