// Softmax over the selected candidates of one parent, in rank order (REQ-003 gates):
// gate_i = exp(s_i - max) / sum_j exp(s_j - max), the sum accumulated in rank order, all in binary64.

/**
 * scores[selected[offset + r]] for r in 0..k-1 are the selected scores in rank order; writes their gates to
 * gates[offset + r]. `binary32` rounds every step to binary32 (only the routing.batch-variant fault sets it).
 */
export function softmaxInto(
  scores: Float64Array,
  selected: Int32Array,
  offset: number,
  k: number,
  gates: Float64Array,
  binary32 = false,
): void {
  let max = -Infinity;
  for (let r = 0; r < k; r++) max = Math.max(max, scores[selected[offset + r] ?? 0] ?? 0);
  let sum = 0;
  for (let r = 0; r < k; r++) {
    const shifted = (scores[selected[offset + r] ?? 0] ?? 0) - max;
    const weight = binary32 ? Math.fround(Math.exp(Math.fround(shifted))) : Math.exp(shifted);
    gates[offset + r] = weight;
    sum = binary32 ? Math.fround(sum + weight) : sum + weight;
  }
  for (let r = 0; r < k; r++) {
    const gate = (gates[offset + r] ?? 0) / sum;
    gates[offset + r] = binary32 ? Math.fround(gate) : gate;
  }
}

/**
 * The routing.softmax-all-candidates fault: the gates of the k selected candidates (selected[0..k)) normalised over
 * all `count` candidates of the parent, in index order, instead of over the selection.
 */
export function softmaxOverAllInto(scores: Float64Array, count: number, selected: Int32Array, k: number, gates: Float64Array): void {
  let max = -Infinity;
  for (let i = 0; i < count; i++) max = Math.max(max, scores[i] ?? 0);
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Math.exp((scores[i] ?? 0) - max);
  for (let r = 0; r < k; r++) gates[r] = Math.exp((scores[selected[r] ?? 0] ?? 0) - max) / sum;
}
