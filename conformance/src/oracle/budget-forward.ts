// The forward pass of contract-core §2 under a routing policy (SPEC-041 §4.3): the oracle's forward pass, each
// token's routing at each layer selected by selectUnderPolicy (allowed tiers only, the policy's k), so that traces of
// masked or lowered routing can be compared with the runtime's wherever they are well separated (SPEC-003 §4.9).
import { addVectors, BINARY64, dot, matVec, type Arithmetic } from './arithmetic.ts';
import { causalAttention } from './attention.ts';
import { moeFfn } from './ffn.ts';
import { logitsDigest, sequenceDigest } from './forward-digest.ts';
import { requireTensor, type ForwardModel, type ForwardSequenceResult, type LayerRoute, type RouteMargins } from './forward-types.ts';
import { rmsNorm } from './norm.ts';
import { applyRope } from './rope.ts';
import { selectUnderPolicy, type OracleRoutingPolicy } from './routing.ts';

/** h_i += Wo · attention(RoPE(Wq·a_i), RoPE(Wk·a_i), Wv·a_i) over one sequence at one layer. */
function attentionLayer(ar: Arithmetic, model: ForwardModel, layer: number, h: number[][]): number[][] {
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

/** One sequence through the model with every layer routed under `policy`; margins as the forward oracle reports them. */
export function forwardUnderPolicy(
  model: ForwardModel,
  tokens: readonly number[],
  policy: OracleRoutingPolicy,
  routingSeed: bigint,
  ar: Arithmetic = BINARY64,
): ForwardSequenceResult {
  const descriptor = model.descriptor;
  const { dModel: d, vocab, hierarchy } = descriptor;
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = hierarchy;
  const embeddings = requireTensor(model, 'tok_embeddings.weight', vocab * d);
  let h = tokens.map((x) => Array.from(embeddings.subarray(x * d, x * d + d)));
  const routes: LayerRoute[][] = tokens.map(() => []);
  const margins: RouteMargins[][] = tokens.map(() => []);
  for (let layer = 0; layer < descriptor.layers; layer += 1) {
    h = attentionLayer(ar, model, layer, h);
    const ffnNorm = requireTensor(model, `layers.${layer}.ffn_norm.weight`, d);
    const weights = {
      tier: requireTensor(model, `layers.${layer}.router.tier.weight`, T * d),
      group: requireTensor(model, `layers.${layer}.router.group.weight`, T * G * d),
      expert: requireTensor(model, `layers.${layer}.router.expert.weight`, T * G * E * d),
    };
    h = h.map((hi, i) => {
      const a = rmsNorm(ar, hi, ffnNorm);
      const route = selectUnderPolicy(hierarchy, policy, (level, row) => dot(ar, weights[level], row * d, a, d), { routingSeed, layer });
      routes[i]?.push({ layer, experts: route.experts });
      margins[i]?.push(route.margins);
      return addVectors(ar, hi, moeFfn(ar, model, layer, a, route.experts));
    });
  }
  const finalNorm = requireTensor(model, 'norm.weight', d);
  const output = requireTensor(model, 'output.weight', vocab * d);
  const results = h.map((hi, position) => {
    const logits = matVec(ar, output, 0, vocab, d, rmsNorm(ar, hi, finalNorm));
    return { position, token: tokens[position] ?? -1, logits, digest: logitsDigest(logits), routes: routes[position] ?? [], margins: margins[position] ?? [] };
  });
  return { tokens: results, digest: sequenceDigest(results.map((r) => r.digest)) };
}
