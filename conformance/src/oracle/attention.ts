// Causal multi-head attention of contract-core §2 step 2d for one sequence: scores scaled by 1/sqrt(dHead),
// a binary64 softmax over positions 0..i, then the probability-weighted sum of values in ascending position.
import type { Arithmetic } from './arithmetic.ts';

/** Softmax in binary64: exp(s_t − max) / Σ exp(s_u − max), the sum taken in ascending index from +0. */
export function softmaxAscending(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  let sum = 0;
  for (const e of exps) sum += e;
  return exps.map((e) => e / sum);
}

/** Scaled dot-product score of query head slice and key head slice, in the arithmetic's order. */
function headScore(ar: Arithmetic, q: readonly number[], k: readonly number[], start: number, dHead: number, scale: number): number {
  const r = ar.round;
  let acc = 0;
  for (let j = start; j < start + dHead; j += 1) acc = r(acc + r((q[j] ?? Number.NaN) * (k[j] ?? Number.NaN)));
  return r(acc * scale);
}

/**
 * Attention outputs o_i (heads concatenated) for every position i of a sequence, given its queries and keys (RoPE
 * already applied) and values. Position i attends to positions 0..i only.
 */
export function causalAttention(
  ar: Arithmetic,
  q: readonly (readonly number[])[],
  k: readonly (readonly number[])[],
  v: readonly (readonly number[])[],
  heads: number,
): number[][] {
  const r = ar.round;
  const d = q[0]?.length ?? 0;
  const dHead = d / heads;
  const scale = r(1 / Math.sqrt(dHead));
  return q.map((qi, i) => {
    const o = new Array<number>(d).fill(0);
    for (let head = 0; head < heads; head += 1) {
      const start = head * dHead;
      const scores: number[] = [];
      for (let t = 0; t <= i; t += 1) scores.push(headScore(ar, qi, k[t] ?? [], start, dHead, scale));
      const p = softmaxAscending(scores).map(r);
      for (let j = start; j < start + dHead; j += 1) {
        let acc = 0;
        for (let t = 0; t <= i; t += 1) acc = r(acc + r((p[t] ?? Number.NaN) * (v[t]?.[j] ?? Number.NaN)));
        o[j] = acc;
      }
    }
    return o;
  });
}
