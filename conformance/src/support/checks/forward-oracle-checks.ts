// A runtime's forward result against the oracle's (SPEC-003 §4.9, SPEC-010 §4.12): traces exactly where routing is
// well separated, logits within 1e-3·(1 + |oracle|). A decision closer than the margin could go either way under
// rounding, and every later decision of that sequence depends on it (attention carries each position into the later
// ones, each layer feeds the next), so only what follows from well-separated decisions alone is compared.
import {
  DECISIVE_MARGIN,
  LOGIT_TOLERANCE,
  logitDeviation,
  type ForwardRequestResult,
  type ForwardSequenceResult as OracleSequence,
  type RouteMargins,
} from '../../oracle/index.ts';
import type { ForwardResult } from './forward-result-checks.ts';

/** Trace gates: within 1e-3 of the oracle's (SPEC-003 §4.9). */
export const TRACE_GATE_TOLERANCE = 1e-3;

/** SPEC-003 §4.9: every evaluated sibling set's margin (selection and order) is above 1e-3 at every level. */
export function wellSeparated(m: RouteMargins): boolean {
  return (['tier', 'group', 'expert'] as const).every((level) => m[level].selection > DECISIVE_MARGIN && m[level].order > DECISIVE_MARGIN);
}

/**
 * comparable[p][l]: (position p, layer l) is well separated and so is every decision it depends on, i.e. every
 * (q, l') with q ≤ p and l' < l.
 */
export function comparablePairs(sequence: OracleSequence): boolean[][] {
  const layers = sequence.tokens[0]?.margins.length ?? 0;
  // firstClose[l]: the smallest position whose layer-l decision is not well separated (Infinity: none so far).
  const firstClose = new Array<number>(layers).fill(Number.POSITIVE_INFINITY);
  return sequence.tokens.map((token, p) => {
    token.margins.forEach((m, l) => {
      if (!wellSeparated(m)) firstClose[l] = Math.min(firstClose[l] ?? Number.POSITIVE_INFINITY, p);
    });
    let earlierClose = false;
    return token.margins.map((m, l) => {
      const ok = !earlierClose && wellSeparated(m);
      earlierClose ||= (firstClose[l] ?? Number.POSITIVE_INFINITY) <= p;
      return ok;
    });
  });
}

/** Positions whose logits follow from well-separated decisions only: every (q ≤ p, any layer) well separated. */
export function comparableLogits(sequence: OracleSequence): boolean[] {
  let close = false;
  return sequence.tokens.map((token) => {
    close ||= !token.margins.every(wellSeparated);
    return !close;
  });
}

export interface Comparison {
  readonly problems: string[];
  readonly compared: number;
  readonly total: number;
}

function perSequence(actual: ForwardResult, oracle: ForwardRequestResult, compare: (a: ForwardResult['sequences'][number], o: OracleSequence, i: number) => Comparison): Comparison {
  if (actual.sequences.length !== oracle.sequences.length) {
    return { problems: [`${actual.sequences.length} sequences, the oracle has ${oracle.sequences.length}`], compared: 0, total: 0 };
  }
  const parts = oracle.sequences.map((o, i) => {
    const a = actual.sequences[i];
    if (a === undefined || a.tokens.length !== o.tokens.length) {
      return { problems: [`sequence ${i}: ${a?.tokens.length ?? 0} tokens, the oracle has ${o.tokens.length}`], compared: 0, total: o.tokens.length };
    }
    return compare(a, o, i);
  });
  return {
    problems: parts.flatMap((p) => p.problems),
    compared: parts.reduce((n, p) => n + p.compared, 0),
    total: parts.reduce((n, p) => n + p.total, 0),
  };
}

/** REQ-003-017: trace entries equal the oracle's (tier, group, expert, id, in order; gates within 1e-3) where comparable. */
export function compareTraces(actual: ForwardResult, oracle: ForwardRequestResult): Comparison {
  return perSequence(actual, oracle, (a, o, i) => {
    const comparable = comparablePairs(o);
    const problems: string[] = [];
    let compared = 0;
    let total = 0;
    o.tokens.forEach((ot, p) => {
      ot.routes.forEach((want, l) => {
        total += 1;
        if (comparable[p]?.[l] !== true) return;
        compared += 1;
        const got = a.tokens[p]?.routes?.[l];
        const at = `sequence ${i} position ${p} layer ${l}`;
        const key = (e: { tier: number; group: number; expert: number; id: number }) => `${e.tier}.${e.group}.${e.expert}#${e.id}`;
        const [gotKeys, wantKeys] = [(got?.experts ?? []).map(key).join(' '), want.experts.map(key).join(' ')];
        if (got === undefined || got.layer !== want.layer || gotKeys !== wantKeys) {
          problems.push(`${at}: experts [${gotKeys}], the oracle's [${wantKeys}]`);
          return;
        }
        got.experts.forEach((e, j) => {
          const g = want.experts[j]?.gate ?? Number.NaN;
          if (!(Math.abs(e.gate - g) <= TRACE_GATE_TOLERANCE)) problems.push(`${at}: expert ${key(e)} gate ${e.gate}, the oracle's ${g}`);
        });
      });
    });
    return { problems, compared, total };
  });
}

/** REQ-010-015, REQ-001-006: logits within LOGIT_TOLERANCE·(1 + |oracle|) wherever they are comparable. */
export function compareLogits(actual: ForwardResult, oracle: ForwardRequestResult): Comparison {
  return perSequence(actual, oracle, (a, o, i) => {
    const comparable = comparableLogits(o);
    const problems: string[] = [];
    let compared = 0;
    o.tokens.forEach((ot, p) => {
      if (comparable[p] !== true) return;
      compared += 1;
      const got = a.tokens[p]?.logits;
      if (got === undefined) {
        problems.push(`sequence ${i} position ${p}: no logits reported`);
        return;
      }
      const deviation = logitDeviation(got, ot.logits);
      if (!(deviation <= LOGIT_TOLERANCE)) problems.push(`sequence ${i} position ${p}: logits deviate by ${deviation}·(1 + |oracle|) > ${LOGIT_TOLERANCE}`);
    });
    return { problems, compared, total: o.tokens.length };
  });
}
