// One forward pass over a batch of sequences (contract-core §2), a layer at a time so that the caller can yield
// between layers. All tokens of all sequences are packed into one [tokens, d] buffer; projections and experts run
// as GEMMs over the packed rows, attention runs per sequence over that sequence's own KV cache. Nothing a kernel
// computes for one row reads another sequence's rows, so each sequence's results are independent of the batch.

import type { DescriptorV2 } from '../model/manifest-types.ts';
import type { TransformerWeights } from '../model/transformer-weights.ts';
import { attendCausal, KvCache } from './attention.ts';
import { runExperts } from './expert-dispatch.ts';
import type { ForwardModel, LayerRoute } from './forward-types.ts';
import { addInPlace, matmulRows, rmsNormRows } from './kernels.ts';
import { routeRows, type BatchRouting } from './moe-router.ts';
import { RopeTable } from './rope.ts';
import { ATTENTION, OUTPUT, TokenLedger } from './token-ledger.ts';

const ropeTables = new WeakMap<TransformerWeights, RopeTable>();

/** The model's RoPE table, built once per loaded model. */
function ropeTableOf(model: ForwardModel): RopeTable {
  let table = ropeTables.get(model.transformer);
  if (table === undefined) {
    const { heads, dModel, ropeBase, maxSeq } = model.descriptor;
    table = new RopeTable(heads, dModel / heads, ropeBase, maxSeq);
    ropeTables.set(model.transformer, table);
  }
  return table;
}

export class ForwardBatch {
  readonly tokenCount: number;
  readonly ledger: TokenLedger;
  /** Per token, its routes by layer (filled only when tracing). */
  readonly routes: LayerRoute[][];
  private readonly descriptor: DescriptorV2;
  private readonly weights: TransformerWeights;
  private readonly rope: RopeTable;
  private readonly routingSeed: string;
  private readonly trace: boolean;
  private readonly starts: number[];
  private readonly lengths: number[];
  private readonly caches: KvCache[];
  private readonly positions: Int32Array;
  private readonly tokens: Int32Array;
  private readonly h: Float32Array;

  constructor(model: ForwardModel, sequences: readonly (readonly number[])[], routingSeed: string, trace: boolean) {
    this.descriptor = model.descriptor;
    this.weights = model.transformer;
    this.rope = ropeTableOf(model);
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
    this.caches = this.lengths.map((length) => new KvCache(layers, length, d));
    this.positions = new Int32Array(total);
    this.tokens = new Int32Array(total);
    this.h = new Float32Array(total * d);
    // contract-core §2.1: h_i = E[x_i].
    sequences.forEach((sequence, s) => {
      sequence.forEach((tokenId, i) => {
        const row = this.starts[s]! + i;
        this.positions[row] = i;
        this.tokens[row] = row;
        this.h.set(this.weights.tokEmbeddings.subarray(tokenId * d, (tokenId + 1) * d), row * d);
        this.ledger.chargeParameters(row, d);
      });
    });
  }

  /** contract-core §2.2: attention block then MoE FFN block of one layer, residuals included. */
  runLayer(layer: number): void {
    const { dModel: d, heads } = this.descriptor;
    const w = this.weights.layers[layer]!;
    const n = this.tokenCount;
    const { tokens, ledger, h } = this;
    const attention = { ledger, category: ATTENTION, tokens };

    const a = new Float32Array(n * d);
    rmsNormRows(h, n, d, w.attnNorm, a, attention);
    const q = new Float32Array(n * d);
    const k = new Float32Array(n * d);
    const v = new Float32Array(n * d);
    matmulRows(w.wq, 0, d, d, a, n, q, attention);
    matmulRows(w.wk, 0, d, d, a, n, k, attention);
    matmulRows(w.wv, 0, d, d, a, n, v, attention);
    for (let row = 0; row < n; row++) {
      this.rope.applyRow(q, row, this.positions[row]!);
      this.rope.applyRow(k, row, this.positions[row]!);
    }
    const o = new Float32Array(n * d);
    this.caches.forEach((cache, s) => {
      const first = this.starts[s]!;
      const length = this.lengths[s]!;
      const firstPos = cache.length(layer);
      cache.append(layer, k, v, first, length);
      attendCausal(q, first, length, firstPos, cache, layer, { heads, dHead: d / heads }, o, ledger, tokens);
    });
    const projected = new Float32Array(n * d);
    matmulRows(w.wo, 0, d, d, o, n, projected, attention);
    addInPlace(h, projected, n * d);

    const f = new Float32Array(n * d);
    rmsNormRows(h, n, d, w.ffnNorm, f, attention);
    const routing = routeRows(this.descriptor, w.router, layer, this.routingSeed, f, n, ledger, tokens);
    const y = runExperts(w, { d, dFF: this.descriptor.dFF }, f, routing, ledger, tokens);
    addInPlace(h, y, n * d);
    if (this.trace) this.record(layer, routing);
  }

  /** contract-core §2.3: logits = Wout · RMSNorm(h) with norm.weight, packed [tokens, vocab]. */
  outputLogits(): Float32Array {
    const { dModel: d, vocab } = this.descriptor;
    const n = this.tokenCount;
    const charge = { ledger: this.ledger, category: OUTPUT, tokens: this.tokens };
    const a = new Float32Array(n * d);
    rmsNormRows(this.h, n, d, this.weights.norm, a, charge);
    const logits = new Float32Array(n * vocab);
    matmulRows(this.weights.output, 0, vocab, d, a, n, logits, charge);
    return logits;
  }

  /** The packed row range of sequence s. */
  sequenceRows(s: number): { first: number; length: number } {
    return { first: this.starts[s]!, length: this.lengths[s]! };
  }

  private record(layer: number, routing: BatchRouting): void {
    for (let row = 0; row < routing.rows; row++) {
      const experts = [];
      for (let slot = row * routing.slots; slot < (row + 1) * routing.slots; slot++) {
        experts.push({ tier: routing.tier[slot]!, group: routing.group[slot]!, expert: routing.expert[slot]!, id: routing.id[slot]!, gate: routing.gate[slot]! });
      }
      this.routes[row]!.push({ layer, experts });
    }
  }
}
