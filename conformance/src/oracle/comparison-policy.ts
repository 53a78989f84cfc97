// The oracle comparison policy of contract-core §2: logits within 1e-3·(1 + |oracle|), routing compared exactly
// where every level's k-th and (k+1)-th scores differ by more than 1e-3 (the routing-margin rule).
import type { ForwardTokenResult, LayerRoute, RouteMargins } from './forward-types.ts';

/** Routing decisions closer than this are not compared against the oracle. */
export const DECISIVE_MARGIN = 1e-3;
/** Logits tolerance factor: |runtime − oracle| ≤ LOGIT_TOLERANCE · (1 + |oracle|). */
export const LOGIT_TOLERANCE = 1e-3;

type Traced = Pick<ForwardTokenResult, 'margins'>;

const LEVEL_NAMES = ['tier', 'group', 'expert'] as const;

/** True when every layer and level of the token selected its top k by more than DECISIVE_MARGIN. */
export function decisive(token: Traced): boolean {
  return token.margins.every((m: RouteMargins) => LEVEL_NAMES.every((level) => m[level].selection > DECISIVE_MARGIN));
}

/** Stricter: also the order among the selected candidates is decided by more than DECISIVE_MARGIN. */
export function decisiveOrder(token: Traced): boolean {
  return decisive(token) && token.margins.every((m) => LEVEL_NAMES.every((level) => m[level].order > DECISIVE_MARGIN));
}

/**
 * Number of leading tokens of a sequence that are all decisive. Attention carries every token into the later ones,
 * so a close decision at position i may move the logits of every position ≥ i.
 */
export function decisivePrefix(sequence: { readonly tokens: readonly Traced[] }, rule: (t: Traced) => boolean = decisive): number {
  const first = sequence.tokens.findIndex((t) => !rule(t));
  return first === -1 ? sequence.tokens.length : first;
}

/** Decisive tokens over all tokens of the given sequences. */
export function decisiveCount(
  sequences: readonly { readonly tokens: readonly Traced[] }[],
  rule: (t: Traced) => boolean = decisive,
): { decisive: number; total: number } {
  let count = 0;
  let total = 0;
  for (const s of sequences) {
    for (const t of s.tokens) {
      total += 1;
      if (rule(t)) count += 1;
    }
  }
  return { decisive: count, total };
}

/** max_i |runtime_i − oracle_i| / (1 + |oracle_i|); the logits conform when this is ≤ LOGIT_TOLERANCE. */
export function logitDeviation(runtime: readonly number[], oracle: readonly number[]): number {
  if (runtime.length !== oracle.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  oracle.forEach((o, i) => {
    const deviation = Math.abs((runtime[i] ?? Number.NaN) - o) / (1 + Math.abs(o));
    // NaN compares false, so a missing or non-finite value is reported as infinitely far.
    worst = deviation <= worst ? worst : Number.isNaN(deviation) ? Number.POSITIVE_INFINITY : deviation;
  });
  return worst;
}

export function logitsClose(runtime: readonly number[], oracle: readonly number[]): boolean {
  return logitDeviation(runtime, oracle) <= LOGIT_TOLERANCE;
}

/** Expert ids of a trace, per layer, in output order: what is compared exactly for decisive tokens. */
export function traceIds(routes: readonly LayerRoute[]): number[][] {
  return routes.map((r) => r.experts.map((e) => e.id));
}
