// Per-token accounting of what the kernels execute (SPEC-005): FLOPs by category (a multiply-add counts 2) and
// parameter bytes read. Kernels charge the tokens they process as they run; nothing here knows the formula, so a
// kernel that skipped or repeated work would show in the counts.

export const FLOP_CATEGORIES = ['attention', 'router', 'experts', 'output'] as const;
export type FlopCategory = (typeof FLOP_CATEGORIES)[number];

export const ATTENTION = 0;
export const ROUTER = 1;
export const EXPERTS = 2;
export const OUTPUT = 3;
const CATEGORY_COUNT = FLOP_CATEGORIES.length;
const F32_BYTES = 4;

export type TokenFlopCounts = Record<FlopCategory, number> & { total: number };

export class TokenLedger {
  private readonly flops: Float64Array;
  private readonly bytes: Float64Array;

  constructor(tokens: number) {
    this.flops = new Float64Array(tokens * CATEGORY_COUNT);
    this.bytes = new Float64Array(tokens);
  }

  /** Charges `multiplyAdds` multiply-adds (2 FLOPs each) to a token. */
  chargeMultiplyAdds(token: number, category: number, multiplyAdds: number): void {
    const at = token * CATEGORY_COUNT + category;
    this.flops[at] = this.flops[at]! + 2 * multiplyAdds;
  }

  /** Charges the read of `elements` F32 parameters to a token. */
  chargeParameters(token: number, elements: number): void {
    this.bytes[token] = this.bytes[token]! + F32_BYTES * elements;
  }

  /** FLOPs charged to a token in one category (ATTENTION, ROUTER, EXPERTS or OUTPUT). */
  flopsIn(token: number, category: number): number {
    return this.flops[token * CATEGORY_COUNT + category]!;
  }

  flopsOf(token: number): TokenFlopCounts {
    const at = token * CATEGORY_COUNT;
    const counts = { attention: this.flops[at]!, router: this.flops[at + 1]!, experts: this.flops[at + 2]!, output: this.flops[at + 3]! };
    return { ...counts, total: counts.attention + counts.router + counts.experts + counts.output };
  }

  parameterBytesOf(token: number): number {
    return this.bytes[token]!;
  }
}

/** Which tokens a kernel call works for: packed row p belongs to ledger token tokens[p]. */
export interface Charge {
  ledger: TokenLedger;
  category: number;
  tokens: Int32Array;
}
