// Writes a binary file of cases computed by the TypeScript reference kernels themselves (matmulRows, attendCausal,
// rmsNormRows, and ffnRows' sequence matmulRows / swiGluInPlace / matmulRows), for the self-test's --ts-cases check.
// Run from the repository root: node --import tsx native/test/cpu/ts-cases.mjs OUT_FILE
// Format (little-endian): int32 magic 0x4C4C4331, then cases: int32 kind, int32 parameters, float32 arrays.
//   1 matmul    outDim inDim rows                 | W X Y
//   2 attention heads dHead firstPos count firstRow | q keys values out
//   3 rmsnorm   rows d                             | x w out
//   4 ffn       d dFF rows                         | w1 w3 w2 X Y
// A second file, OUT_FILE.router, holds the routing and RoPE cases (int32 magic 0x4C4C5231, then cases):
//   5 route     d T G E kT kG kE layer rows seedBytes | seed (UTF-8) tier group expert a (float32),
//               then tier group expert (int32) id (uint32) gate (float64), each rows*kT*kG*kE
//   6 rope      heads dHead maxSeq rows            | positions (int32) cos sin x out (float32)
//   7 splitmix  keyHi keyLo count                  | outputs 0..count-1 as (hi, lo) uint32 pairs
//   8 streamkey labelBytes                         | label (UTF-8) keyHi keyLo (uint32)
import { writeFileSync } from 'node:fs';
import { matmulRows, rmsNormRows, swiGluInPlace } from '../../../reference/src/forward/kernels.ts';
import { attendCausal, KvCache } from '../../../reference/src/forward/attention.ts';
import { TokenLedger, EXPERTS } from '../../../reference/src/forward/token-ledger.ts';
import { TYPESCRIPT_BACKEND, useKernelBackend } from '../../../reference/src/native/native-kernels.ts';
import { writeRouterCases } from './ts-router-cases.mjs';
import { splitmix64 } from '../common/splitmix64.mjs';

// The cases must come from the TypeScript kernels even where a built addon would otherwise be used.
useKernelBackend(TYPESCRIPT_BACKEND);

const { next, unit, below } = splitmix64(0x5eed0006n);
const bitsView = new DataView(new ArrayBuffer(4));
function awkward() {
  const pick = below(100);
  const sign = below(2) === 0 ? 1 : -1;
  if (pick < 3) return 0;
  if (pick < 6) return -0;
  if (pick < 9) {
    bitsView.setUint32(0, 1 + below(0x7fffff));
    return sign * bitsView.getFloat32(0);
  }
  if (pick < 11) return sign * (1 + unit()) * 1e19;
  if (pick < 14) return sign * (1 + unit()) * 1e-20;
  return 4 * unit() - 2;
}
const floats = (n, make) => Float32Array.from({ length: n }, make);
const awkwardFloats = (n) => floats(n, awkward);
const ordinaryFloats = (n, scale) => floats(n, () => scale * (2 * unit() - 1));

const chunks = [];
const ints = (...values) => chunks.push(Buffer.from(Int32Array.from(values).buffer));
const put = (...arrays) => arrays.forEach((a) => chunks.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
const charge = (rows) => ({ ledger: new TokenLedger(rows), category: EXPERTS, tokens: new Int32Array(rows) });

ints(0x4c4c4331);
for (const [outDim, inDim, rows] of [[1, 1, 1], [7, 5, 3], [40, 33, 9], [64, 64, 4], [65, 129, 13], [200, 300, 6]]) {
  const W = awkwardFloats(outDim * inDim);
  const X = awkwardFloats(rows * inDim);
  const Y = new Float32Array(rows * outDim);
  matmulRows(W, 0, outDim, inDim, X, rows, Y, charge(rows));
  ints(1, outDim, inDim, rows);
  put(W, X, Y);
}
for (const [heads, dHead, firstPos, count, firstRow, kind] of [
  [1, 1, 0, 1, 0, 0], [2, 8, 3, 5, 1, 0], [3, 17, 10, 4, 0, 1], [2, 64, 37, 9, 2, 2], [4, 16, 100, 3, 0, 1],
]) {
  const d = heads * dHead;
  const make = (n) => (kind === 2 ? awkwardFloats(n) : ordinaryFloats(n, kind === 1 ? 12 : 1));
  const q = make((firstRow + count) * d);
  const keys = make((firstPos + count) * d);
  const values = make((firstPos + count) * d);
  const cache = new KvCache(1, firstPos + count, d);
  cache.append(0, keys, values, 0, firstPos + count);
  const out = new Float32Array((firstRow + count) * d);
  const rows = firstRow + count;
  const shape = { heads, dHead };
  attendCausal(q, firstRow, count, firstPos, cache, 0, shape, out, new TokenLedger(rows), new Int32Array(rows));
  ints(2, heads, dHead, firstPos, count, firstRow);
  put(q, keys, values, out);
}
for (const [rows, d] of [[1, 1], [3, 7], [2, 100], [4, 1024]]) {
  const x = awkwardFloats(rows * d);
  const w = ordinaryFloats(d, 2);
  const out = new Float32Array(rows * d);
  rmsNormRows(x, rows, d, w, out, charge(rows));
  ints(3, rows, d);
  put(x, w, out);
}
for (const [d, dFF, rows, kind] of [[8, 8, 1, 0], [24, 40, 5, 0], [33, 7, 9, 1], [64, 136, 12, 0], [17, 300, 3, 1]]) {
  const make = (n) => (kind === 1 ? awkwardFloats(n) : ordinaryFloats(n, 0.5));
  const w1 = make(dFF * d);
  const w3 = make(dFF * d);
  const w2 = make(d * dFF);
  const X = make(rows * d);
  const U = new Float32Array(rows * dFF);
  const V = new Float32Array(rows * dFF);
  const Y = new Float32Array(rows * d);
  matmulRows(w1, 0, dFF, d, X, rows, U, charge(rows));
  matmulRows(w3, 0, dFF, d, X, rows, V, charge(rows));
  swiGluInPlace(U, V, rows * dFF);
  matmulRows(w2, 0, d, dFF, U, rows, Y, charge(rows));
  ints(4, d, dFF, rows);
  put(w1, w3, w2, X, Y);
}
writeFileSync(process.argv[2], Buffer.concat(chunks));
writeFileSync(`${process.argv[2]}.router`, writeRouterCases({ unit, below, ordinaryFloats, awkwardFloats }));
