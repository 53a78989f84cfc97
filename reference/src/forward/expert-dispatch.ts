// The routed-expert FFN of a batch (contract-core §2e), grouped by expert: every (row, slot) the router produced is
// packed into one buffer ordered by (expert id, slot), each expert then runs once as a GEMM over its packed rows,
// and the results are scattered back and combined per row in SPEC-003 output order. Since every output element has
// its own fixed reduction, a row's result is the same as evaluating its experts one token at a time.

import type { TransformerLayerWeights } from '../model/transformer-weights.ts';
import { kernelBackend, type NativeAddon } from '../native/native-kernels.ts';
import { matmulRows, swiGluInPlace } from './kernels.ts';
import type { BatchRouting } from './moe-router.ts';
import { CONFORMING_DISPATCH, type DispatchBehaviour } from '../inference/dispatch/dispatch-faults.ts';
import type { DispatchRecorder } from '../inference/dispatch/dispatch-recorder.ts';
import { batchRange, planBatches, traceBatches, type ExpertRuns } from '../inference/dispatch/expert-batches.ts';
import type { PrefetchTicket } from '../storage/tiers/expert-prefetch.ts';
import { ForwardScratch } from './forward-scratch.ts';
import { EXPERTS, type TokenLedger } from './token-ledger.ts';

const fround = Math.fround;

export interface FfnShape {
  d: number;
  dFF: number;
}

/**
 * SPEC-044 §4.2: slot indices in packed order, experts by ascending global id, each expert's slots (hence rows,
 * since a row's slots are consecutive) ascending, so each expert's slots form one contiguous run.
 */
function packOrder(routing: BatchRouting, behaviour: DispatchBehaviour): Uint32Array {
  const order = new Uint32Array(routing.rows * routing.slots);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const { id } = routing;
  const expertSign = behaviour.expertsDescending ? -1 : 1;
  const rowSign = behaviour.rowsDescending ? -1 : 1;
  return order.sort((x, y) => expertSign * (id[x]! - id[y]!) || rowSign * (x - y));
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

/** Worker threads the native expert FFN may use (the reference's process budget: two cores). */
const NATIVE_THREADS = 2;
/**
 * Below this many multiply-adds an expert FFN call runs on the JavaScript thread: handing it to the worker pool and
 * back costs more than the work (about 0.1 ms of it at native speed).
 */
const OFF_THREAD_MIN_MULTIPLY_ADDS = 1 << 22;

/** expertFfnRuns on the JavaScript thread when it is small, else off it; the promise settles when Y is written. */
function expertFfn(
  addon: NativeAddon, isa: number, w1: Float32Array, w3: Float32Array, w2: Float32Array, shape: FfnShape, X: Float32Array,
  runExpert: Int32Array, runStart: Int32Array, runCount: Int32Array, Y: Float32Array,
): Promise<void> {
  const rows = X.length / shape.d;
  if (3 * rows * shape.d * shape.dFF >= OFF_THREAD_MIN_MULTIPLY_ADDS) {
    return addon.expertFfnRunsAsync(isa, w1, w3, w2, shape.d, shape.dFF, X, runExpert, runStart, runCount, Y, NATIVE_THREADS);
  }
  addon.expertFfnRuns(isa, w1, w3, w2, shape.d, shape.dFF, X, runExpert, runStart, runCount, Y, NATIVE_THREADS);
  return Promise.resolve();
}

/** The runs of `order`: run r is packed rows start[r] .. start[r] + count[r] - 1, all routed to expert[r]. */
function expertRuns(routing: BatchRouting, order: Uint32Array): ExpertRuns {
  const total = order.length;
  const experts: number[] = [];
  const starts: number[] = [];
  for (let start = 0; start < total;) {
    const expert = routing.id[order[start]!]!;
    experts.push(expert);
    starts.push(start);
    let end = start + 1;
    while (end < total && routing.id[order[end]!] === expert) end++;
    start = end;
  }
  const start = Int32Array.from(starts);
  const count = start.map((first, r) => (r + 1 < starts.length ? starts[r + 1]! : total) - first);
  return { expert: Int32Array.from(experts), start, count };
}


/** What ffnRows charges a row: three d·dFF matrices, each element read and multiplied once. */
function chargeFfnRows(shape: FfnShape, ledger: TokenLedger, tokens: Int32Array): void {
  const terms = 3 * shape.d * shape.dFF;
  for (const token of tokens) {
    ledger.chargeMultiplyAdds(token, EXPERTS, terms);
    ledger.chargeParameters(token, terms);
  }
}

/** SPEC-045 §4.3: the prediction made for this layer, scored against the experts it uses, then forgotten. */
function settlePrefetch(weights: TransformerLayerWeights, recorder: DispatchRecorder | undefined, used: Int32Array): PrefetchTicket | null {
  const ticket = recorder?.pending ?? null;
  if (recorder === undefined || ticket === null) return null;
  recorder.pending = null;
  if (ticket.layer !== recorder.nextLayer) return null;
  weights.experts.settle?.(ticket, used);
  return ticket;
}

/**
 * The FFN output y[row] = Σ_slots fround(gate) · FFN_expert(a[row]) (+ FFN_shared(a[row])) for every row of `a`
 * (packed [rows, d]); `tokens[row]` is the ledger token of each row. With a recorder (one per pass, its layers in
 * order): expert batches of at most its capacity, the dispatch trace, and the tier prefetch of SPEC-045.
 */
export async function runExperts(
  weights: TransformerLayerWeights, shape: FfnShape, a: Float32Array, routing: BatchRouting, ledger: TokenLedger, tokens: Int32Array,
  recorder?: DispatchRecorder, scratch: ForwardScratch = new ForwardScratch(),
): Promise<Float32Array> {
  const { d, dFF } = shape;
  const { rows, slots } = routing;
  const behaviour = recorder?.behaviour ?? CONFORMING_DISPATCH;
  const total = rows * slots;
  const order = packOrder(routing, behaviour);
  const packed = scratch.floats('packed', total * d);
  const packedTokens = new Int32Array(total);
  for (let pos = 0; pos < total; pos++) {
    const row = Math.floor(order[pos]! / slots);
    // Element by element: a row is short, and a view per row would be garbage for the collector.
    for (let j = 0, from = row * d, to = pos * d; j < d; j++) packed[to + j] = a[from + j]!;
    packedTokens[pos] = tokens[row]!;
  }
  const outputs = scratch.floats('outputs', total * d);
  const runs = expertRuns(routing, order);
  const plan = planBatches(runs, recorder?.capacity ?? null, behaviour);
  const settled = settlePrefetch(weights, recorder, runs.expert);
  const shared = weights.shared === null ? null : { ...weights.shared, out: scratch.floats('shared', rows * d) };
  const { addon, isa } = kernelBackend();
  if (addon !== null) {
    // Large calls run off the JavaScript thread; this batch's arrays are left alone until every call settles.
    const one = (value: number) => Int32Array.of(value);
    const sharedWork = shared === null
      ? Promise.resolve()
      : expertFfn(addon, isa, shared.w1, shared.w3, shared.w2, shape, a.subarray(0, rows * d), one(0), one(0), one(rows), shared.out);
    const routed = weights.experts.forEachWave(runs.expert, (wave) => {
      const { from, to } = batchRange(plan, wave.first, wave.end);
      const index = Int32Array.from(plan.run.subarray(from, to), (r) => wave.index[r - wave.first]!);
      return expertFfn(addon, isa, wave.w1, wave.w3, wave.w2, shape, packed, index, plan.start.subarray(from, to), plan.count.subarray(from, to), outputs);
    });
    // Both calls settle before anything is thrown: a failed one must not leave the other writing into buffers that
    // the next pass takes from the same scratch.
    const [routedOutcome, sharedOutcome] = await Promise.allSettled([routed, sharedWork]);
    for (const outcome of [routedOutcome, sharedOutcome]) if (outcome.status === 'rejected') throw outcome.reason;
    chargeFfnRows(shape, ledger, packedTokens);
    if (shared !== null) chargeFfnRows(shape, ledger, tokens.subarray(0, rows));
  } else {
    const U = new Float32Array(total * dFF);
    const V = new Float32Array(total * dFF);
    await weights.experts.forEachWave(runs.expert, (wave) => {
      const { from, to } = batchRange(plan, wave.first, wave.end);
      for (let b = from; b < to; b++) {
        const start = plan.start[b]!;
        const end = start + plan.count[b]!;
        ffnRows(
          wave.w1, wave.w3, wave.w2, wave.index[plan.run[b]! - wave.first]!, shape, packed.subarray(start * d), end - start,
          U, V, outputs.subarray(start * d), ledger, packedTokens.subarray(start, end),
        );
      }
      return Promise.resolve();
    });
    if (shared !== null) {
      ffnRows(shared.w1, shared.w3, shared.w2, 0, shape, a, rows, new Float32Array(rows * dFF), new Float32Array(rows * dFF), shared.out, ledger, tokens);
    }
  }

  // SPEC-044 §4.4: each slot's output comes back from its packed position, and a row sums its slots in routing order.
  const positionOf = new Uint32Array(total);
  for (let r = 0; r < runs.expert.length; r++) {
    const start = runs.start[r]!;
    const count = runs.count[r]!;
    for (let i = 0; i < count; i++) positionOf[order[start + i]!] = behaviour.scatterReversed ? start + count - 1 - i : start + i;
  }
  const y = scratch.floats('y', rows * d);
  for (let row = 0; row < rows; row++) {
    for (let r = 0; r < slots; r++) {
      const slot = row * slots + r;
      const gate = fround(routing.gate[slot]!);
      const from = positionOf[slot]! * d;
      for (let j = 0; j < d; j++) y[row * d + j] = fround(y[row * d + j]! + fround(gate * outputs[from + j]!));
    }
  }
  if (shared !== null) for (let i = 0; i < rows * d; i++) y[i] = fround(y[i]! + shared.out[i]!);
  if (recorder !== undefined) {
    recorder.record(() => traceBatches(plan, runs, (position) => Math.floor(order[position]! / slots)), settled);
    // SPEC-045 §4.1: this layer's FFN input predicts the next layer's experts once this layer's are released.
    recorder.pending = weights.experts.prefetchNext?.(a, rows, { ledger, tokens }) ?? null;
  }
  return y;
}
