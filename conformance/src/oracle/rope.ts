// Rotary position embedding of contract-core §2 step 2c: per head, pairs (2j, 2j+1) rotate by
// θ = pos · ropeBase^(-2j/dHead), the angle in binary64 and its cosine and sine rounded by the arithmetic.
import type { Arithmetic } from './arithmetic.ts';

/** θ for position `pos` and pair `pair` of a head of size dHead, in binary64. */
export function ropeAngle(pos: number, pair: number, dHead: number, ropeBase: number): number {
  return pos * Math.pow(ropeBase, (-2 * pair) / dHead);
}

/** Rotate every head of x (heads × dHead elements, heads concatenated) for position `pos`. */
export function applyRope(ar: Arithmetic, x: readonly number[], pos: number, heads: number, ropeBase: number): number[] {
  const r = ar.round;
  const dHead = x.length / heads;
  const out = [...x];
  for (let head = 0; head < heads; head += 1) {
    for (let pair = 0; pair < dHead / 2; pair += 1) {
      const theta = ropeAngle(pos, pair, dHead, ropeBase);
      const c = r(Math.cos(theta));
      const s = r(Math.sin(theta));
      const i0 = head * dHead + 2 * pair;
      const x0 = x[i0] ?? Number.NaN;
      const x1 = x[i0 + 1] ?? Number.NaN;
      out[i0] = r(r(x0 * c) - r(x1 * s));
      out[i0 + 1] = r(r(x0 * s) + r(x1 * c));
    }
  }
  return out;
}
