// SwiGLU expert FFNs and their gated combination, contract-core §2 step 2e:
// FFN(a) = W2·(silu(W1·a) ⊙ (W3·a)), y = Σ_selected fround(gate)·FFN_n(a), then + FFN_shared(a).
import { matVec, type Arithmetic } from './arithmetic.ts';
import { requireTensor, type ForwardModel, type TraceExpert } from './forward-types.ts';

/** silu(z) = z / (1 + exp(−z)), rounded after the exponential, the addition and the division. */
export function silu(ar: Arithmetic, z: number): number {
  const r = ar.round;
  return r(z / r(1 + r(Math.exp(-z))));
}

/** One SwiGLU FFN whose W1, W3 ([dFF, d]) and W2 ([d, dFF]) start at the given offsets of their tensors. */
export function swiglu(
  ar: Arithmetic,
  w: { w1: Float32Array; w3: Float32Array; w2: Float32Array },
  offsets: { up: number; down: number },
  dims: { d: number; dFF: number },
  a: readonly number[],
): number[] {
  const gateIn = matVec(ar, w.w1, offsets.up, dims.dFF, dims.d, a);
  const up = matVec(ar, w.w3, offsets.up, dims.dFF, dims.d, a);
  const hidden = gateIn.map((u, k) => ar.round(silu(ar, u) * (up[k] ?? Number.NaN)));
  return matVec(ar, w.w2, offsets.down, dims.d, dims.dFF, hidden);
}

/** Expert n of a layer: slice n of the [N, dFF, d] and [N, d, dFF] expert tensors. */
export function expertFfn(ar: Arithmetic, model: ForwardModel, layer: number, n: number, a: readonly number[]): number[] {
  const { dModel: d, dFF, hierarchy: h } = model.descriptor;
  const count = h.tiers * h.groupsPerTier * h.expertsPerGroup;
  const tensor = (which: string) => requireTensor(model, `layers.${layer}.experts.${which}.weight`, count * dFF * d);
  const w = { w1: tensor('w1'), w3: tensor('w3'), w2: tensor('w2') };
  return swiglu(ar, w, { up: n * dFF * d, down: n * d * dFF }, { d, dFF }, a);
}

/** The shared expert of a layer. */
export function sharedFfn(ar: Arithmetic, model: ForwardModel, layer: number, a: readonly number[]): number[] {
  const { dModel: d, dFF } = model.descriptor;
  const tensor = (which: string) => requireTensor(model, `layers.${layer}.shared.${which}.weight`, dFF * d);
  return swiglu(ar, { w1: tensor('w1'), w3: tensor('w3'), w2: tensor('w2') }, { up: 0, down: 0 }, { d, dFF }, a);
}

/**
 * The MoE output y for a normalised vector a: routed experts in trace order, each weighted by its gate rounded by
 * the arithmetic, accumulated elementwise from +0; the shared expert (gate 1) added last when the model has one.
 */
export function moeFfn(ar: Arithmetic, model: ForwardModel, layer: number, a: readonly number[], experts: readonly TraceExpert[]): number[] {
  const r = ar.round;
  let y = new Array<number>(a.length).fill(0);
  for (const e of experts) {
    const gate = r(e.gate);
    const out = expertFfn(ar, model, layer, e.id, a);
    y = y.map((acc, j) => r(acc + r(gate * (out[j] ?? Number.NaN))));
  }
  if (model.descriptor.sharedExpert) {
    const shared = sharedFfn(ar, model, layer, a);
    y = y.map((acc, j) => r(acc + (shared[j] ?? Number.NaN)));
  }
  return y;
}
