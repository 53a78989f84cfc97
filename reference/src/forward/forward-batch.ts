// One forward pass over a batch of sequences (contract-core §2), a layer at a time so that the caller can yield
// between layers. All tokens of all sequences are packed into one [tokens, d] buffer; projections and experts run
// as GEMMs over the packed rows, attention runs per sequence over that sequence's own KV cache. Nothing a kernel
// computes for one row reads another sequence's rows, so each sequence's results are independent of the batch.

import type { DescriptorV2 } from '../model/manifest-types.ts';
import type { TransformerWeights } from '../model/transformer-weights.ts';
import { attendCausal, KvCache, type SequenceKv } from './attention.ts';
import { runExperts } from './expert-dispatch.ts';
import { ForwardScratch } from './forward-scratch.ts';
import type { ForwardModel, LayerRoute, RoutingPolicy } from './forward-types.ts';
import { DispatchRecorder } from '../inference/dispatch/dispatch-recorder.ts';
import { addInPlace, matmulRows, rmsNormRows } from './kernels.ts';
import { routeRows, type BatchRouting } from './moe-router.ts';
import { RopeTable } from './rope.ts';
import { kernelBackend } from '../native/native-kernels.ts';
import { NO_FORWARD_FAULTS, type ForwardFaults } from './forward-behaviour.ts';
import { ATTENTION, EXPERTS, OUTPUT, TokenLedger } from './token-ledger.ts';

const ropeTables = new WeakMap<TransformerWeights, RopeTable>();
const binary32RopeTables = new WeakMap<TransformerWeights, RopeTable>();

/** The model's RoPE table, built once per loaded model (binary32 angles only under a fault). */
function ropeTableOf(model: ForwardModel, binary32Angles: boolean): RopeTable {
  const tables = binary32Angles ? binary32RopeTables : ropeTables;
  let table = tables.get(model.transformer);
  if (table === undefined) {
    const { heads, dModel, ropeBase, maxSeq } = model.descriptor;
    table = new RopeTable(heads, dModel / heads, ropeBase, maxSeq, binary32Angles);
    tables.set(model.transformer, table);
  }
  return table;
}

const fround = Math.fround;

/** What a batch continues from: per sequence, the KV cache its earlier positions are in (SPEC-046), and routing limits. */
export interface BatchContext {
  /** One cache per sequence; a sequence's new tokens take the positions after those its cache holds. */
  caches?: readonly SequenceKv[];
  policy?: RoutingPolicy;
  /** Position of each sequence's first new token; the length of its cache when absent (only a fault passes it). */
  firstPositions?: readonly number[];
  /** Expert batch capacity, dispatch trace and tier prefetch of this pass (SPEC-044, SPEC-045). */
  dispatch?: DispatchRecorder;
  /** Working buffers to reuse; only a caller whose passes never overlap may share one between passes. */
  scratch?: ForwardScratch;
}

export class ForwardBatch {
  readonly tokenCount: number;
  readonly ledger: TokenLedger;
  /** Per token, its routes by layer (filled only when tracing). */
  readonly routes: LayerRoute[][];
  private readonly descriptor: DescriptorV2;
  private readonly weights: TransformerWeights;
  private readonly rope: RopeTable;
  private routingSeed: string;
  private readonly trace: boolean;
  private readonly faults: ForwardFaults;
  private readonly starts: number[];
  private readonly lengths: number[];
  private readonly caches: readonly SequenceKv[];
  readonly policy: RoutingPolicy | undefined;
  private readonly dispatch: DispatchRecorder;
  private readonly positions: Int32Array;
  private readonly tokens: Int32Array;
  private readonly h: Float32Array;
  private readonly scratch: ForwardScratch;

  constructor(
    model: ForwardModel, sequences: readonly (readonly number[])[], routingSeed: string, trace: boolean,
    faults: ForwardFaults = NO_FORWARD_FAULTS, context: BatchContext = {},
  ) {
    this.descriptor = model.descriptor;
    this.weights = model.transformer;
    this.faults = faults;
    this.rope = ropeTableOf(model, faults.ropeAnglesBinary32);
    this.routingSeed = routingSeed;
    this.trace = trace;
    const { dModel: d, layers } = this.descriptor;
    this.lengths = sequences.map((sequence) => sequence.length);
    this.starts = [];
    let total = 0;
    for (const length of this.lengths) {
      this.starts.push(total);
      total += length;
    }
    this.tokenCount = total;
    this.ledger = new TokenLedger(total);
    this.routes = Array.from({ length: total }, () => []);
    this.caches = context.caches ?? this.lengths.map((length) => new KvCache(layers, length, d));
    if (this.caches.length !== sequences.length) throw new Error('one KV cache per sequence');
    this.policy = context.policy;
    // One recorder per pass: expert batches, and the tier prefetch of SPEC-045 for tiered models.
    this.dispatch = context.dispatch ?? new DispatchRecorder();
    this.positions = new Int32Array(total);
    this.tokens = new Int32Array(total);
    this.scratch = context.scratch ?? new ForwardScratch();
    this.h = this.scratch.floats('h', total * d);
    // contract-core §2.1: h_i = E[x_i].
    sequences.forEach((sequence, s) => {
      sequence.forEach((tokenId, i) => {
        const row = this.starts[s]! + i;
        this.positions[row] = (context.firstPositions?.[s] ?? this.caches[s]!.length(0)) + i;
        this.tokens[row] = row;
        this.h.set(this.weights.tokEmbeddings.subarray(tokenId * d, (tokenId + 1) * d), row * d);
        this.ledger.chargeParameters(row, d);
      });
    });
  }

  /** Changes the routing seed for the layers still to run (only the concurrency.seed-read-per-layer fault). */
  reseed(routingSeed: string): void {
    this.routingSeed = routingSeed;
  }

  /** contract-core §2.2: attention block then MoE FFN block of one layer, residuals included. */
  async runLayer(layer: number): Promise<void> {
    const { dModel: d, heads } = this.descriptor;
    const w = this.weights.layers[layer]!;
    const n = this.tokenCount;
    const { tokens, ledger, h } = this;
    const attention = { ledger, category: ATTENTION, tokens };

    const { scratch } = this;
    const a = scratch.floats('a', n * d);
    rmsNormRows(h, n, d, w.attnNorm, a, attention);
    const q = scratch.floats('q', n * d);
    const k = scratch.floats('k', n * d);
    const v = scratch.floats('v', n * d);
    matmulRows(w.wq, 0, d, d, a, n, q, attention);
    matmulRows(w.wk, 0, d, d, a, n, k, attention);
    matmulRows(w.wv, 0, d, d, a, n, v, attention);
    const { addon } = kernelBackend();
    if (addon !== null) {
      const { cos, sin } = this.rope.tables();
      addon.ropeRows(q, n, this.positions, cos, sin, heads, d / heads);
      addon.ropeRows(k, n, this.positions, cos, sin, heads, d / heads);
    } else {
      for (let row = 0; row < n; row++) {
        this.rope.applyRow(q, row, this.positions[row]!);
        this.rope.applyRow(k, row, this.positions[row]!);
      }
    }
    const o = scratch.floats('o', n * d);
    this.caches.forEach((cache, s) => {
      const first = this.starts[s]!;
      const length = this.lengths[s]!;
      const firstPos = cache.length(layer);
      cache.append(layer, k, v, first, length);
      attendCausal(q, first, length, firstPos, cache, layer, { heads, dHead: d / heads }, o, ledger, tokens, !this.faults.attentionCoreUncharged);
    });
    const projected = scratch.floats('projected', n * d);
    matmulRows(w.wo, 0, d, d, o, n, projected, attention);
    addInPlace(h, projected, n * d);

    const f = scratch.floats('f', n * d);
    rmsNormRows(h, n, d, w.ffnNorm, f, attention);
    const routing = routeRows(this.descriptor, w.router, layer, this.routingSeed, f, n, ledger, tokens, this.policy);
    const y = await runExperts(this.faults.skipSharedExpert ? { ...w, shared: null } : w, { d, dFF: this.descriptor.dFF }, f, routing, ledger, tokens, this.dispatch, scratch);
    addInPlace(h, y, n * d);
    if (this.faults.bytesAllExperts || this.faults.flopsAllExperts) this.chargeUnselectedExperts(routing.slots);
    if (this.trace) this.record(layer, routing);
  }

  /** contract-core §2.3: logits = Wout · RMSNorm(h) with norm.weight, packed [tokens, vocab]. */
  outputLogits(): Float32Array {
    const { dModel: d, vocab } = this.descriptor;
    const n = this.tokenCount;
    const charge = { ledger: this.ledger, category: OUTPUT, tokens: this.tokens };
    const a = this.scratch.floats('a', n * d);
    if (this.faults.skipFinalNorm) a.set(this.h);
    else rmsNormRows(this.h, n, d, this.weights.norm, a, charge);
    const logits = new Float32Array(n * vocab);
    matmulRows(this.weights.output, 0, vocab, d, a, n, logits, charge);
    if (this.faults.lastPositionFloat64Head) {
      for (let s = 0; s < this.lengths.length; s++) this.binary64Head(a, this.starts[s]! + this.lengths[s]! - 1, logits);
    }
    return logits;
  }

  /** The forward.last-position-float64-head fault: one row's output head summed in binary64, rounded once. */
  private binary64Head(a: Float32Array, row: number, logits: Float32Array): void {
    const { dModel: d, vocab } = this.descriptor;
    const W = this.weights.output;
    for (let o = 0; o < vocab; o++) {
      let sum = 0;
      for (let i = 0; i < d; i++) sum += W[o * d + i]! * a[row * d + i]!;
      logits[row * vocab + o] = fround(sum);
    }
  }

  /** The compute.*-all-experts faults: charges every row the experts its routing did not select. */
  private chargeUnselectedExperts(selected: number): void {
    const { dModel: d, dFF, hierarchy } = this.descriptor;
    const unselected = (hierarchy.tiers * hierarchy.groupsPerTier * hierarchy.expertsPerGroup - selected) * 3 * d * dFF;
    for (let row = 0; row < this.tokenCount; row++) {
      if (this.faults.flopsAllExperts) this.ledger.chargeMultiplyAdds(row, EXPERTS, unselected);
      if (this.faults.bytesAllExperts) this.ledger.chargeParameters(row, unselected);
    }
  }

  /** The packed row range of sequence s. */
  sequenceRows(s: number): { first: number; length: number } {
    return { first: this.starts[s]!, length: this.lengths[s]! };
  }

  private record(layer: number, routing: BatchRouting): void {
    const { traceGateBinary32, traceLayer0Repeated } = this.faults;
    for (let row = 0; row < routing.rows; row++) {
      if (traceLayer0Repeated && layer > 0) {
        this.routes[row]!.push({ layer, experts: this.routes[row]![0]!.experts.map((expert) => ({ ...expert })) });
        continue;
      }
      const experts = [];
      for (let slot = row * routing.slots; slot < (row + 1) * routing.slots; slot++) {
        const gate = traceGateBinary32 ? fround(routing.gate[slot]!) : routing.gate[slot]!;
        experts.push({ tier: routing.tier[slot]!, group: routing.group[slot]!, expert: routing.expert[slot]!, id: routing.id[slot]!, gate });
      }
      this.routes[row]!.push({ layer, experts });
    }
  }
}
