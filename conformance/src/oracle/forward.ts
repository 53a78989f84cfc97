// The forward pass of contract-core §2 for one sequence at a time, in straightforward loops. The arithmetic decides
// whether each operation rounds to binary32 (the exact-order result) or not (the binary64 reference point).
import { addVectors, BINARY64, matVec, type Arithmetic } from './arithmetic.ts';
import { causalAttention } from './attention.ts';
import { isForwardDescriptor } from './descriptor-v2.ts';
import { OracleError } from './errors.ts';
import { moeFfn } from './ffn.ts';
import { logitsDigest, requestDigest, sequenceDigest } from './forward-digest.ts';
import { routeForward } from './forward-routing.ts';
import {
  requireTensor,
  type ForwardModel,
  type ForwardRequestResult,
  type ForwardSequenceResult,
  type LayerRoute,
  type RouteMargins,
} from './forward-types.ts';
import { rmsNorm } from './norm.ts';
import { parseU64 } from './prng.ts';
import { applyRope } from './rope.ts';

export interface ForwardOptions {
  /** Default BINARY64, the reference point. */
  arithmetic?: Arithmetic;
  /** Routing seed; default the descriptor's seed (the control override replaces it, SPEC-003). */
  routingSeed?: bigint;
}

function checkTokens(model: ForwardModel, tokens: readonly number[]): void {
  const { vocab, maxSeq } = model.descriptor;
  if (tokens.length < 1 || tokens.length > maxSeq) {
    throw new OracleError('E_PROTOCOL_BAD_REQUEST', `a sequence holds 1..${maxSeq} tokens, got ${tokens.length}`);
  }
  if (!tokens.every((t) => Number.isInteger(t) && t >= 0 && t < vocab)) {
    throw new OracleError('E_PROTOCOL_BAD_REQUEST', `token ids must be integers in 0..${vocab - 1}`);
  }
}

/** Step 2 a–d for one layer: h_i += Wo · attention(RoPE(Wq·a_i), RoPE(Wk·a_i), Wv·a_i). */
export function attentionBlock(ar: Arithmetic, model: ForwardModel, layer: number, h: number[][]): number[][] {
  const { dModel: d, heads, ropeBase } = model.descriptor;
  const t = (name: string, elements: number) => requireTensor(model, `layers.${layer}.${name}.weight`, elements);
  const norm = t('attn_norm', d);
  const [wq, wk, wv, wo] = [t('attn.wq', d * d), t('attn.wk', d * d), t('attn.wv', d * d), t('attn.wo', d * d)];
  const a = h.map((hi) => rmsNorm(ar, hi, norm));
  const q = a.map((ai, pos) => applyRope(ar, matVec(ar, wq, 0, d, d, ai), pos, heads, ropeBase));
  const k = a.map((ai, pos) => applyRope(ar, matVec(ar, wk, 0, d, d, ai), pos, heads, ropeBase));
  const v = a.map((ai) => matVec(ar, wv, 0, d, d, ai));
  const o = causalAttention(ar, q, k, v, heads);
  return h.map((hi, i) => addVectors(ar, hi, matVec(ar, wo, 0, d, d, o[i] ?? [])));
}

/** The forward pass of one sequence: logits, digests, per-layer routes and their margins for every token. */
export function forwardSequence(model: ForwardModel, tokens: readonly number[], options: ForwardOptions = {}): ForwardSequenceResult {
  const descriptor = model.descriptor;
  if (!isForwardDescriptor(descriptor)) throw new OracleError('E_FORWARD_UNSUPPORTED', 'the forward pass needs a formatVersion 2 model');
  checkTokens(model, tokens);
  const ar = options.arithmetic ?? BINARY64;
  const seed = options.routingSeed ?? parseU64(descriptor.seed, 'E_MODEL_MANIFEST_INVALID');
  return forwardWithRouter(ar, model, tokens, (layer, a) => routeForward(ar, model, layer, a, seed));
}

/** How a token is routed at one layer: its experts (with gates) and the margins of every selection. */
export type LayerRouter = (layer: number, a: number[]) => { experts: LayerRoute['experts']; margins: RouteMargins };

/** The forward pass of one sequence with each token's routing at each layer chosen by `route` (contract-core §2). */
export function forwardWithRouter(ar: Arithmetic, model: ForwardModel, tokens: readonly number[], route: LayerRouter): ForwardSequenceResult {
  const { descriptor } = model;
  const { dModel: d, vocab } = descriptor;
  const embeddings = requireTensor(model, 'tok_embeddings.weight', vocab * d);
  // Step 1: h_i is row x_i of the embedding table.
  let h = tokens.map((x) => Array.from(embeddings.subarray(x * d, x * d + d)));
  const routes: LayerRoute[][] = tokens.map(() => []);
  const margins: RouteMargins[][] = tokens.map(() => []);
  for (let layer = 0; layer < descriptor.layers; layer += 1) {
    h = attentionBlock(ar, model, layer, h);
    const ffnNorm = requireTensor(model, `layers.${layer}.ffn_norm.weight`, d);
    h = h.map((hi, i) => {
      const a = rmsNorm(ar, hi, ffnNorm);
      const routed = route(layer, a);
      routes[i]?.push({ layer, experts: routed.experts });
      margins[i]?.push(routed.margins);
      return addVectors(ar, hi, moeFfn(ar, model, layer, a, routed.experts));
    });
  }
  // Step 3: logits_i = Wout · RMSNorm(h_i).
  const finalNorm = requireTensor(model, 'norm.weight', d);
  const output = requireTensor(model, 'output.weight', vocab * d);
  const results = h.map((hi, position) => {
    const logits = matVec(ar, output, 0, vocab, d, rmsNorm(ar, hi, finalNorm));
    return { position, token: tokens[position] ?? -1, logits, digest: logitsDigest(logits), routes: routes[position] ?? [], margins: margins[position] ?? [] };
  });
  return { tokens: results, digest: sequenceDigest(results.map((r) => r.digest)) };
}

/** Every sequence of a request, each computed on its own (batch composition cannot matter to the oracle). */
export function forwardRequest(
  model: ForwardModel,
  sequences: readonly (readonly number[])[],
  options: ForwardOptions = {},
): ForwardRequestResult {
  if (sequences.length === 0) throw new OracleError('E_PROTOCOL_BAD_REQUEST', 'a forward request holds at least one sequence');
  const seed = options.routingSeed ?? parseU64(model.descriptor.seed, 'E_MODEL_MANIFEST_INVALID');
  const results = sequences.map((tokens) => forwardSequence(model, tokens, { ...options, routingSeed: seed }));
  return { model: model.descriptor.name, seed: seed.toString(), sequences: results, digest: requestDigest(results.map((s) => s.digest)) };
}
