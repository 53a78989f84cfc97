// A plain evaluation of the forward pass for tests: one sequence, one token at a time (decode order, each token
// attending to the keys and values kept from earlier tokens), plain number arrays, no packing, no blocking, its own
// top-k by sorting. It follows the operation order of contract-core §2 step by step, so the packed kernels must
// reproduce its logits bit for bit.

import type { DescriptorV2 } from '../model/manifest-types.ts';
import type { TransformerWeights } from '../model/transformer-weights.ts';
import { streamOutputInto } from '../numeric/splitmix64.ts';
import { streamKey } from '../numeric/stream-key.ts';

const f = Math.fround;

function dot(w: Float32Array, offset: number, x: readonly number[]): number {
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc = f(acc + f(w[offset + i]! * x[i]!));
  return acc;
}

function matvec(w: Float32Array, offset: number, rows: number, x: readonly number[]): number[] {
  return Array.from({ length: rows }, (_, o) => dot(w, offset + o * x.length, x));
}

function rmsNorm(h: readonly number[], w: Float32Array): number[] {
  let sum = 0;
  for (const value of h) sum = f(sum + f(value * value));
  const r = f(1 / f(Math.sqrt(f(f(sum / h.length) + 2 ** -20))));
  return h.map((value, j) => f(f(value * r) * w[j]!));
}

function rope(x: number[], pos: number, heads: number, base: number): number[] {
  const dHead = x.length / heads;
  const out = [...x];
  for (let hd = 0; hd < heads; hd++) {
    for (let j = 0; j < dHead / 2; j++) {
      const theta = pos * Math.pow(base, (-2 * j) / dHead);
      const c = f(Math.cos(theta));
      const s = f(Math.sin(theta));
      const i0 = hd * dHead + 2 * j;
      out[i0] = f(f(x[i0]! * c) - f(x[i0 + 1]! * s));
      out[i0 + 1] = f(f(x[i0]! * s) + f(x[i0 + 1]! * c));
    }
  }
  return out;
}

function tieKey(seed: string, layer: number, level: string, parent: string, index: number): bigint {
  const key = streamKey(`litellm/v1/tiebreak/${seed}/${layer}/${level}/${parent}`);
  const out = new Uint32Array(2);
  streamOutputInto(key.hi, key.lo, index, out);
  return (BigInt(out[0]!) << 32n) | BigInt(out[1]!);
}

/** Ranked top-k: score descending, tie key ascending, index ascending; gates softmax in binary64 in rank order. */
function topK(scores: number[], k: number, tie: (i: number) => bigint): { index: number; gate: number }[] {
  const order = scores.map((_, i) => i).sort((a, b) => {
    if (scores[a] !== scores[b]) return scores[b]! - scores[a]!;
    const ka = tie(a);
    const kb = tie(b);
    return ka !== kb ? (ka < kb ? -1 : 1) : a - b;
  });
  const chosen = order.slice(0, k);
  const max = Math.max(...chosen.map((i) => scores[i]!));
  const weights = chosen.map((i) => Math.exp(scores[i]! - max));
  let sum = 0;
  for (const w of weights) sum += w;
  return chosen.map((index, r) => ({ index, gate: weights[r]! / sum }));
}

function ffn(w1: Float32Array, w3: Float32Array, w2: Float32Array, n: number, dFF: number, a: number[]): number[] {
  const d = a.length;
  const u = matvec(w1, n * dFF * d, dFF, a);
  const v = matvec(w3, n * dFF * d, dFF, a);
  const m = u.map((z, i) => f(f(z / f(1 + f(Math.exp(-z)))) * v[i]!));
  return matvec(w2, n * d * dFF, d, m);
}

export interface NaiveToken {
  logits: Float32Array;
  /** Per layer, the selected global expert ids in output order. */
  experts: number[][];
}

export function naiveForward(desc: DescriptorV2, w: TransformerWeights, sequence: readonly number[], seed: string): NaiveToken[] {
  const d = desc.dModel;
  const dHead = d / desc.heads;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = desc.hierarchy;
  const keys: number[][][] = w.layers.map(() => []);
  const values: number[][][] = w.layers.map(() => []);
  return sequence.map((tokenId, pos) => {
    let h = Array.from(w.tokEmbeddings.subarray(tokenId * d, (tokenId + 1) * d));
    const experts: number[][] = [];
    w.layers.forEach((L, l) => {
      const a = rmsNorm(h, L.attnNorm);
      const q = rope(matvec(L.wq, 0, d, a), pos, desc.heads, desc.ropeBase);
      keys[l]!.push(rope(matvec(L.wk, 0, d, a), pos, desc.heads, desc.ropeBase));
      values[l]!.push(matvec(L.wv, 0, d, a));
      const o: number[] = [];
      for (let hd = 0; hd < desc.heads; hd++) {
        const qh = q.slice(hd * dHead, (hd + 1) * dHead);
        const scores = keys[l]!.map((k) => f(dot(Float32Array.from(k.slice(hd * dHead, (hd + 1) * dHead)), 0, qh) * f(1 / Math.sqrt(dHead))));
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        let sum = 0;
        for (const x of e) sum += x;
        const out = new Array<number>(dHead).fill(0);
        e.forEach((et, t) => {
          const p = f(et / sum);
          for (let j = 0; j < dHead; j++) out[j] = f(out[j]! + f(p * values[l]![t]![hd * dHead + j]!));
        });
        o.push(...out);
      }
      h = h.map((x, j) => f(x + matvec(L.wo, 0, d, o)[j]!));
      const b = rmsNorm(h, L.ffnNorm);
      const tie = (level: string, parent: string) => (i: number) => tieKey(seed, l, level, parent, i);
      let y = new Array<number>(d).fill(0);
      const ids: number[] = [];
      for (const tier of topK(matvec(L.router.tier, 0, T, b), desc.topK.tier, tie('tier', '-'))) {
        const t = tier.index;
        for (const group of topK(matvec(L.router.group, t * G * d, G, b), desc.topK.group, tie('group', `${t}`))) {
          const g = group.index;
          for (const expert of topK(matvec(L.router.expert, (t * G + g) * E * d, E, b), desc.topK.expert, tie('expert', `${t}.${g}`))) {
            const n = (t * G + g) * E + expert.index;
            ids.push(n);
            const gate = f(tier.gate * group.gate * expert.gate);
            const out = ffn(L.w1, L.w3, L.w2, n, desc.dFF, b);
            y = y.map((value, j) => f(value + f(gate * out[j]!)));
          }
        }
      }
      if (L.shared !== null) {
        const shared = ffn(L.shared.w1, L.shared.w3, L.shared.w2, 0, desc.dFF, b);
        y = y.map((value, j) => f(value + shared[j]!));
      }
      experts.push(ids);
      h = h.map((x, j) => f(x + y[j]!));
    });
    const logits = Float32Array.from(matvec(w.output, 0, desc.vocab, rmsNorm(h, w.norm)));
    return { logits, experts };
  });
}
