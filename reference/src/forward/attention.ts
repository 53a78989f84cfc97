// Causal multi-head attention over a per-sequence KV cache (contract-core §2d). A query at position i attends to
// cached positions 0..i: score_t = (q·k_t) · (1/sqrt(dHead)) in binary32, softmax in binary64 (max-subtracted,
// summed in ascending t) with each p_t rounded to binary32, then o = Σ_t p_t · v_t in binary32, ascending t.

import { kernelBackend } from '../native/native-kernels.ts';
import { ATTENTION, type TokenLedger } from './token-ledger.ts';

const fround = Math.fround;

/**
 * The keys and values of one sequence that attention reads: per layer, rows [position, d] in position order. The
 * forward pass appends each new position's rows before attending; keysOf/valuesOf give every cached position as
 * one contiguous [length, d] block.
 */
export interface SequenceKv {
  length(layer: number): number;
  append(layer: number, k: Float32Array, v: Float32Array, firstRow: number, count: number): void;
  keysOf(layer: number): Float32Array;
  valuesOf(layer: number): Float32Array;
}

/** Keys and values of one sequence held contiguously for one forward request, sized for its positions. */
export class KvCache implements SequenceKv {
  readonly d: number;
  private readonly keys: Float32Array[];
  private readonly values: Float32Array[];
  private readonly lengths: Int32Array;

  constructor(layers: number, capacity: number, d: number) {
    this.d = d;
    this.keys = Array.from({ length: layers }, () => new Float32Array(capacity * d));
    this.values = Array.from({ length: layers }, () => new Float32Array(capacity * d));
    this.lengths = new Int32Array(layers);
  }

  length(layer: number): number {
    return this.lengths[layer]!;
  }

  /** Appends rows firstRow..firstRow+count-1 of the packed K and V buffers as the next positions of `layer`. */
  append(layer: number, k: Float32Array, v: Float32Array, firstRow: number, count: number): void {
    const { d } = this;
    const at = this.lengths[layer]! * d;
    this.keys[layer]!.set(k.subarray(firstRow * d, (firstRow + count) * d), at);
    this.values[layer]!.set(v.subarray(firstRow * d, (firstRow + count) * d), at);
    this.lengths[layer]! += count;
  }

  keysOf(layer: number): Float32Array {
    return this.keys[layer]!;
  }

  valuesOf(layer: number): Float32Array {
    return this.values[layer]!;
  }
}

export interface AttentionShape {
  heads: number;
  dHead: number;
}

/**
 * Attention of query rows firstRow..firstRow+count-1 of q (positions firstPos..) over the cache of `layer`, which
 * must already hold every position up to the last query's. Writes the concatenated head outputs to the same rows
 * of `out` and charges each row's token (tokens[row]) the multiply-adds executed: 2·d per attended position.
 */
export function attendCausal(
  q: Float32Array, firstRow: number, count: number, firstPos: number, cache: SequenceKv, layer: number,
  shape: AttentionShape, out: Float32Array, ledger: TokenLedger, tokens: Int32Array, chargeCore = true,
): void {
  const { heads, dHead } = shape;
  const d = heads * dHead;
  const keys = cache.keysOf(layer);
  const values = cache.valuesOf(layer);
  const { addon } = kernelBackend();
  if (addon !== null) {
    addon.attendCausal(q, firstRow, count, firstPos, keys, values, heads, dHead, out);
    // The same multiply-adds as below: per head, dHead for each attended position's score and again for its value.
    for (let r = 0; r < count && chargeCore; r++) ledger.chargeMultiplyAdds(tokens[firstRow + r]!, ATTENTION, 2 * heads * dHead * (firstPos + r + 1));
    return;
  }
  const scale = fround(1 / Math.sqrt(dHead));
  const scores = new Float64Array(firstPos + count);
  const acc = new Float64Array(dHead);
  for (let r = 0; r < count; r++) {
    const row = firstRow + r;
    const pos = firstPos + r;
    let terms = 0;
    for (let hd = 0; hd < heads; hd++) {
      const qAt = row * d + hd * dHead;
      let max = -Infinity;
      for (let t = 0; t <= pos; t++) {
        const kAt = t * d + hd * dHead;
        let dot = 0;
        for (let j = 0; j < dHead; j++) dot = fround(dot + fround(q[qAt + j]! * keys[kAt + j]!));
        terms += dHead;
        const score = fround(dot * scale);
        scores[t] = score;
        if (score > max) max = score;
      }
      let sum = 0;
      for (let t = 0; t <= pos; t++) {
        const e = Math.exp(scores[t]! - max);
        scores[t] = e;
        sum += e;
      }
      acc.fill(0);
      for (let t = 0; t <= pos; t++) {
        const p = fround(scores[t]! / sum);
        const vAt = t * d + hd * dHead;
        for (let j = 0; j < dHead; j++) acc[j] = fround(acc[j]! + fround(p * values[vAt + j]!));
        terms += dHead;
      }
      for (let j = 0; j < dHead; j++) out[qAt + j] = acc[j]!;
    }
    // chargeCore false: only the compute.attention-flops-no-position fault leaves the core uncounted.
    if (chargeCore) ledger.chargeMultiplyAdds(tokens[row]!, ATTENTION, terms);
  }
}
