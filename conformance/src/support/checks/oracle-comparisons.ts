// Comparisons of a RouteResult with the oracle's expected result, one aspect at a time (selected sets, gates,
// token order), and the tie-order check of SPEC-003 §4.2 on the engineered ties of a fixture. Each returns the
// problems found: an empty list means the aspect agrees.
import {
  GATE_TOLERANCE,
  gatesClose,
  tieKey,
  type ExpectedRouteResult,
  type ExpectedTokenRoute,
  type RouterDescriptor,
  type RoutingLevel,
} from '../../oracle/index.ts';

type Token = ExpectedTokenRoute;
type Result = ExpectedRouteResult;

interface Keyed {
  readonly key: string;
  readonly gate: number;
}

/** Each entry of one level named by its local indices: `t`, `t.g` or `t.g.e`. */
function keyed(token: Token): Record<RoutingLevel, Keyed[]> {
  return {
    tier: token.tiers.map((e) => ({ key: `${e.tier}`, gate: e.gate })),
    group: token.groups.map((e) => ({ key: `${e.tier}.${e.group}`, gate: e.gate })),
    expert: token.experts.map((e) => ({ key: `${e.tier}.${e.group}.${e.expert}`, gate: e.gate })),
  };
}

const LEVELS: readonly RoutingLevel[] = ['tier', 'group', 'expert'];

/** Applies `check` to each (actual, expected) token pair; a token count mismatch is the only problem then. */
function perToken(actual: Result, expected: Result, check: (a: Token, e: Token, i: number) => string[]): string[] {
  if (actual.tokens.length !== expected.tokens.length) return [`${actual.tokens.length} tokens, expected ${expected.tokens.length}`];
  return actual.tokens.flatMap((a, i) => check(a, expected.tokens[i] as Token, i));
}

/** REQ-003-003: the selected tiers, groups and experts of each token, as sets, are the oracle's. */
export function compareSelectedSets(actual: Result, expected: Result): string[] {
  return perToken(actual, expected, (a, e, i) => {
    const [ka, ke] = [keyed(a), keyed(e)];
    return LEVELS.flatMap((level) => {
      const got = ka[level].map((x) => x.key).sort();
      const want = ke[level].map((x) => x.key).sort();
      return got.join(' ') === want.join(' ') ? [] : [`token ${i} ${level}s {${got.join(' ')}}, expected {${want.join(' ')}}`];
    });
  });
}

/** REQ-010-004: every reported gate is within 2^-40 of the oracle's gate for the same candidate. */
export function compareGates(actual: Result, expected: Result): string[] {
  return perToken(actual, expected, (a, e, i) => {
    const [ka, ke] = [keyed(a), keyed(e)];
    return LEVELS.flatMap((level) =>
      ka[level].flatMap((x) => {
        const want = ke[level].find((y) => y.key === x.key);
        if (want === undefined) return [`token ${i} ${level} ${x.key} is not selected by the oracle`];
        return gatesClose(x.gate, want.gate) ? [] : [`token ${i} ${level} ${x.key} gate ${x.gate}, oracle ${want.gate} (± ${GATE_TOLERANCE})`];
      }),
    );
  });
}

function selectionText(token: Token): string {
  const k = keyed(token);
  return LEVELS.map((level) => k[level].map((x) => x.key).join(' ')).join(' | ');
}

/** REQ-003-007 (tokens): token i is the route of row i. Also says whether the rows route differently at all. */
export function compareTokenOrder(actual: Result, expected: Result): { problems: string[]; distinctRoutes: number } {
  const distinctRoutes = new Set(expected.tokens.map(selectionText)).size;
  const problems = perToken(actual, expected, (a, e, i) =>
    selectionText(a) === selectionText(e) ? [] : [`token ${i} is [${selectionText(a)}], the route of row ${i} is [${selectionText(e)}]`],
  );
  return { problems, distinctRoutes };
}

/** A tied pair as candidates of one parent: `path` is the SPEC-003 parent path, `a`/`b` local indices. */
function tiedPair(descriptor: RouterDescriptor, level: RoutingLevel, from: number, to: number): { parent: string; a: number; b: number } | undefined {
  const { groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  if (level === 'tier') return { parent: '-', a: from, b: to };
  const width = level === 'group' ? G : E;
  if (Math.floor(from / width) !== Math.floor(to / width)) return undefined;
  const parentRow = Math.floor(from / width);
  const parent = level === 'group' ? `${parentRow}` : `${Math.floor(parentRow / G)}.${parentRow % G}`;
  return { parent, a: from % width, b: to % width };
}

/** The local indices a token reports at `level` under `parent` (undefined when the parent is not selected). */
function siblings(token: Token, level: RoutingLevel, parent: string): number[] | undefined {
  if (level === 'tier') return token.tiers.map((e) => e.tier);
  if (level === 'group') return token.tiers.some((e) => `${e.tier}` === parent) ? token.groups.filter((g) => `${g.tier}` === parent).map((g) => g.group) : undefined;
  const chosen = token.groups.some((g) => `${g.tier}.${g.group}` === parent);
  return chosen ? token.experts.filter((e) => `${e.tier}.${e.group}` === parent).map((e) => e.expert) : undefined;
}

/**
 * REQ-003-004, REQ-010-001/002: for each engineered tie of `layer`, wherever a token reports its parent, the member
 * with the smaller tie key comes first when both are selected, and is the one selected when only one is.
 * Returns the problems and the levels at which a tie was actually observed.
 */
export function checkTieOrder(result: Result, descriptor: RouterDescriptor, layer: number, seed: bigint): { problems: string[]; observed: Set<RoutingLevel> } {
  const problems: string[] = [];
  const observed = new Set<RoutingLevel>();
  for (const tie of descriptor.ties ?? []) {
    if (tie.layer !== layer) continue;
    const pair = tiedPair(descriptor, tie.level, tie.copy.from, tie.copy.to);
    if (pair === undefined) continue;
    const key = (i: number) => tieKey(seed, layer, tie.level, pair.parent, i);
    const first = key(pair.a) < key(pair.b) || (key(pair.a) === key(pair.b) && pair.a < pair.b) ? pair.a : pair.b;
    const second = first === pair.a ? pair.b : pair.a;
    result.tokens.forEach((token, i) => {
      const list = siblings(token, tie.level, pair.parent);
      if (list === undefined) return;
      const [at1, at2] = [list.indexOf(first), list.indexOf(second)];
      if (at1 < 0 && at2 < 0) return;
      observed.add(tie.level);
      const where = `token ${i} ${tie.level}s under ${pair.parent}`;
      if (at1 < 0) problems.push(`${where}: ${second} selected instead of its tied sibling ${first}, which has the smaller tie key`);
      else if (at2 >= 0 && at2 < at1) problems.push(`${where}: ${second} reported before its tied sibling ${first}, which has the smaller tie key`);
    });
  }
  return { problems, observed };
}
