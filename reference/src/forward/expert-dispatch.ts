// The routed-expert FFN of a batch (contract-core §2e), grouped by expert: every (row, slot) the router produced is
// packed into one buffer ordered by (expert id, slot), each expert then runs once as a GEMM over its packed rows,
// and the results are scattered back and combined per row in SPEC-003 output order. Since every output element has
// its own fixed reduction, a row's result is the same as evaluating its experts one token at a time.

import type { TransformerLayerWeights } from '../model/transformer-weights.ts';
import { matmulRows, swiGluInPlace } from './kernels.ts';
import type { BatchRouting } from './moe-router.ts';
import { EXPERTS, type TokenLedger } from './token-ledger.ts';

const fround = Math.fround;

export interface FfnShape {
  d: number;
  dFF: number;
}

/** Slot indices sorted by (expert id, slot): each expert's slots form one contiguous run. */
function slotsByExpert(routing: BatchRouting): Uint32Array {
  const order = new Uint32Array(routing.rows * routing.slots);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const { id } = routing;
  return order.sort((x, y) => id[x]! - id[y]! || x - y);
}

/**
 * Y[p] = W2·(silu(W1·X[p]) ⊙ (W3·X[p])) for the rows p of X, with the FFN weights of expert `expert` in stacked
 * tensors (expert 0 for unstacked shared weights). U and V are scratch of at least rows·dFF.
 */
function ffnRows(
  w1: Float32Array, w3: Float32Array, w2: Float32Array, expert: number, shape: FfnShape,
  X: Float32Array, rows: number, U: Float32Array, V: Float32Array, Y: Float32Array, ledger: TokenLedger, tokens: Int32Array,
): void {
  const { d, dFF } = shape;
  const charge = { ledger, category: EXPERTS, tokens };
  const inOffset = expert * dFF * d;
  matmulRows(w1, inOffset, dFF, d, X, rows, U, charge);
  matmulRows(w3, inOffset, dFF, d, X, rows, V, charge);
  swiGluInPlace(U, V, rows * dFF);
  matmulRows(w2, expert * d * dFF, d, dFF, U, rows, Y, charge);
}

/**
 * The FFN output y[row] = Σ_slots fround(gate) · FFN_expert(a[row]) (+ FFN_shared(a[row])) for every row of `a`
 * (packed [rows, d]); `tokens[row]` is the ledger token of each row.
 */
export function runExperts(
  weights: TransformerLayerWeights, shape: FfnShape, a: Float32Array, routing: BatchRouting, ledger: TokenLedger, tokens: Int32Array,
): Float32Array {
  const { d, dFF } = shape;
  const { rows, slots } = routing;
  const total = rows * slots;
  const order = slotsByExpert(routing);
  const packed = new Float32Array(total * d);
  const packedTokens = new Int32Array(total);
  const positionOf = new Uint32Array(total);
  for (let pos = 0; pos < total; pos++) {
    const slot = order[pos]!;
    const row = Math.floor(slot / slots);
    packed.set(a.subarray(row * d, (row + 1) * d), pos * d);
    packedTokens[pos] = tokens[row]!;
    positionOf[slot] = pos;
  }
  const outputs = new Float32Array(total * d);
  const U = new Float32Array(total * dFF);
  const V = new Float32Array(total * dFF);
  for (let start = 0; start < total;) {
    const expert = routing.id[order[start]!]!;
    let end = start + 1;
    while (end < total && routing.id[order[end]!] === expert) end++;
    ffnRows(
      weights.w1, weights.w3, weights.w2, expert, shape, packed.subarray(start * d), end - start,
      U, V, outputs.subarray(start * d), ledger, packedTokens.subarray(start, end),
    );
    start = end;
  }

  const y = new Float32Array(rows * d);
  for (let row = 0; row < rows; row++) {
    for (let r = 0; r < slots; r++) {
      const slot = row * slots + r;
      const gate = fround(routing.gate[slot]!);
      const from = positionOf[slot]! * d;
      for (let j = 0; j < d; j++) y[row * d + j] = fround(y[row * d + j]! + fround(gate * outputs[from + j]!));
    }
  }
  if (weights.shared !== null) {
    const shared = new Float32Array(rows * d);
    const { w1, w3, w2 } = weights.shared;
    ffnRows(w1, w3, w2, 0, shape, a, rows, new Float32Array(rows * dFF), new Float32Array(rows * dFF), shared, ledger, tokens);
    for (let i = 0; i < rows * d; i++) y[i] = fround(y[i]! + shared[i]!);
  }
  return y;
}
