// Properties of a RouteResult that SPEC-003 and SPEC-004 state one by one, each checked on its own so that a failure
// names the requirement it breaks. Most are checked against the runtime's own reported values (counts, ids,
// hierarchy, softmax, products, order); scores are recomputed from the fixture's tensors. Every function returns the
// problems found: an empty list means the property holds.
import {
  GATE_TOLERANCE,
  compareCandidates,
  gatesClose,
  rowScore,
  routerTensorName,
  softmaxInRankOrder,
  tieKey,
  type ExpectedRouteResult,
  type ExpectedTokenRoute,
  type RouterDescriptor,
  type RouterTensors,
  type RoutingLevel,
} from '../../oracle/index.ts';

type Token = ExpectedTokenRoute;
type Result = ExpectedRouteResult;

/** Where a route was computed: what the runtime was asked and with which seed it must have answered. */
export interface RouteContext {
  readonly descriptor: RouterDescriptor;
  readonly tensors: RouterTensors;
  readonly layer: number;
  readonly hidden: readonly (readonly number[])[];
  readonly seed: bigint;
}

function eachToken(result: Result, check: (token: Token, i: number) => string[]): string[] {
  return result.tokens.flatMap((token, i) => check(token, i).map((p) => `token ${i}: ${p}`));
}

/** REQ-003-002: k_T tiers, k_T·k_G groups, k_T·k_G·k_E experts. */
export function checkCounts(result: Result, topK: RouterDescriptor['topK']): string[] {
  const want = [topK.tier, topK.tier * topK.group, topK.tier * topK.group * topK.expert];
  return eachToken(result, (t) => {
    const got = [t.tiers.length, t.groups.length, t.experts.length];
    return got.join('/') === want.join('/') ? [] : [`tiers/groups/experts ${got.join('/')}, expected ${want.join('/')}`];
  });
}

/** REQ-004-005: group id t·G+g, expert id (t·G+g)·E+e. */
export function checkGlobalIds(result: Result, hierarchy: RouterDescriptor['hierarchy']): string[] {
  const { groupsPerTier: G, expertsPerGroup: E } = hierarchy;
  return eachToken(result, (t) => [
    ...t.groups.filter((g) => g.id !== g.tier * G + g.group).map((g) => `group ${g.tier}.${g.group} has id ${g.id}, expected ${g.tier * G + g.group}`),
    ...t.experts
      .filter((e) => e.id !== (e.tier * G + e.group) * E + e.expert)
      .map((e) => `expert ${e.tier}.${e.group}.${e.expert} has id ${e.id}, expected ${(e.tier * G + e.group) * E + e.expert}`),
  ]);
}

function repeats(values: readonly (number | string)[]): (number | string)[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

/** REQ-004-007: no tier, global group id or global expert id twice in one token. */
export function checkNoRepeats(result: Result): string[] {
  return eachToken(result, (t) => {
    const lists: [string, (number | string)[]][] = [
      ['tier', t.tiers.map((e) => e.tier)],
      ['group id', t.groups.map((e) => e.id)],
      ['expert id', t.experts.map((e) => e.id)],
      // Local indices too: a runtime reporting wrong ids must not hide a repeated selection.
      ['group', t.groups.map((e) => `${e.tier}.${e.group}`)],
      ['expert', t.experts.map((e) => `${e.tier}.${e.group}.${e.expert}`)],
    ];
    return lists.flatMap(([what, values]) => repeats(values).map((v) => `${what} ${v} reported twice`));
  });
}

/** REQ-003-003 (hierarchy): groups only of selected tiers, experts only of selected groups. */
export function checkContainment(result: Result): string[] {
  return eachToken(result, (t) => {
    const tiers = new Set(t.tiers.map((e) => e.tier));
    const groups = new Set(t.groups.map((e) => `${e.tier}.${e.group}`));
    return [
      ...t.groups.filter((g) => !tiers.has(g.tier)).map((g) => `group ${g.tier}.${g.group} lies outside the selected tiers`),
      ...t.experts.filter((e) => !groups.has(`${e.tier}.${e.group}`)).map((e) => `expert ${e.tier}.${e.group}.${e.expert} lies outside the selected groups`),
    ];
  });
}

/** REQ-003-001, REQ-004-006: each score is the dot product of the candidate's own router row with the token's row. */
export function checkScoresAgainstRows(result: Result, ctx: RouteContext): string[] {
  const { groupsPerTier: G, expertsPerGroup: E } = ctx.descriptor.hierarchy;
  const tensor = (level: RoutingLevel): Float32Array => {
    const data = ctx.tensors.get(routerTensorName(ctx.layer, level));
    if (data === undefined) throw new Error(`the fixture has no ${level} tensor for layer ${ctx.layer}`);
    return data;
  };
  const [wT, wG, wE] = [tensor('tier'), tensor('group'), tensor('expert')];
  return eachToken(result, (t, i) => {
    const x = ctx.hidden[i] ?? [];
    const wrong = (what: string, got: number, want: number): string[] => (got === want ? [] : [`${what} score ${got}, row dot product ${want}`]);
    return [
      ...t.tiers.flatMap((e) => wrong(`tier ${e.tier}`, e.score, rowScore(wT, e.tier, x))),
      ...t.groups.flatMap((e) => wrong(`group ${e.tier}.${e.group}`, e.score, rowScore(wG, e.tier * G + e.group, x))),
      ...t.experts.flatMap((e) => wrong(`expert ${e.tier}.${e.group}.${e.expert}`, e.score, rowScore(wE, (e.tier * G + e.group) * E + e.expert, x))),
    ];
  });
}

/** Consecutive runs of entries sharing a parent key, in order of first appearance; a parent split in two is an error. */
function blocks<T>(entries: readonly T[], parentOf: (e: T) => string): { parents: string[]; byParent: Map<string, T[]>; split: string[] } {
  const parents: string[] = [];
  const byParent = new Map<string, T[]>();
  const split: string[] = [];
  entries.forEach((e, i) => {
    const p = parentOf(e);
    const previous = i > 0 ? parentOf(entries[i - 1] as T) : undefined;
    if (p !== previous) {
      if (byParent.has(p)) split.push(p);
      else parents.push(p);
    }
    byParent.set(p, [...(byParent.get(p) ?? []), e]);
  });
  return { parents, byParent, split };
}

/** REQ-003-005: tier gates, and each tier's group gates, are the softmax of the selected scores in rank order. */
export function checkSoftmaxGates(result: Result): string[] {
  return eachToken(result, (t) => {
    const out: string[] = [];
    const compare = (label: string, entries: readonly { score: number; gate: number }[]): void => {
      const want = softmaxInRankOrder(entries.map((e) => e.score));
      entries.forEach((e, j) => {
        if (!gatesClose(e.gate, want[j] ?? Number.NaN)) out.push(`${label}[${j}] gate ${e.gate}, softmax ${want[j]} (± ${GATE_TOLERANCE})`);
      });
    };
    compare('tiers', t.tiers);
    for (const [tier, groups] of blocks(t.groups, (g) => `${g.tier}`).byParent) compare(`groups of tier ${tier}`, groups);
    return out;
  });
}

/** REQ-003-006: expert gate = (tier gate × group gate) × softmax weight among its group's selected experts. */
export function checkGateProducts(result: Result): string[] {
  return eachToken(result, (t) => {
    const out: string[] = [];
    for (const [parent, experts] of blocks(t.experts, (e) => `${e.tier}.${e.group}`).byParent) {
      const tierGate = t.tiers.find((e) => `${e.tier}` === parent.split('.')[0])?.gate ?? Number.NaN;
      const groupGate = t.groups.find((g) => `${g.tier}.${g.group}` === parent)?.gate ?? Number.NaN;
      const weights = softmaxInRankOrder(experts.map((e) => e.score));
      experts.forEach((e, j) => {
        const want = tierGate * groupGate * (weights[j] ?? Number.NaN);
        if (!gatesClose(e.gate, want)) out.push(`expert ${parent}.${e.expert} gate ${e.gate}, product ${want}`);
      });
    }
    return out;
  });
}

/** REQ-003-007: rank order within each parent; groups follow their tiers' order, experts their groups' order. */
export function checkOutputOrder(result: Result, ctx: RouteContext): string[] {
  const ranked = (label: string, level: RoutingLevel, path: string, entries: readonly { index: number; score: number }[]): string[] => {
    const problems: string[] = [];
    for (let j = 1; j < entries.length; j += 1) {
      const [a, b] = [entries[j - 1], entries[j]];
      if (a === undefined || b === undefined) continue;
      const key = (c: { index: number; score: number }) => ({ ...c, tieKey: tieKey(ctx.seed, ctx.layer, level, path, c.index) });
      if (compareCandidates(key(a), key(b)) >= 0) problems.push(`${label}: candidate ${b.index} should rank before ${a.index}`);
    }
    return problems;
  };
  return eachToken(result, (t) => {
    const out = ranked('tiers', 'tier', '-', t.tiers.map((e) => ({ index: e.tier, score: e.score })));
    const groupBlocks = blocks(t.groups, (g) => `${g.tier}`);
    const tierOrder = t.tiers.map((e) => `${e.tier}`);
    if (groupBlocks.split.length > 0 || groupBlocks.parents.join(' ') !== tierOrder.join(' ')) {
      out.push(`groups come in tier order [${groupBlocks.parents.join(' ')}], tiers are [${tierOrder.join(' ')}]`);
    }
    for (const [tier, groups] of groupBlocks.byParent) out.push(...ranked(`groups of tier ${tier}`, 'group', tier, groups.map((g) => ({ index: g.group, score: g.score }))));
    const expertBlocks = blocks(t.experts, (e) => `${e.tier}.${e.group}`);
    const groupOrder = t.groups.map((g) => `${g.tier}.${g.group}`);
    if (expertBlocks.split.length > 0 || expertBlocks.parents.join(' ') !== groupOrder.join(' ')) {
      out.push(`experts come in group order [${expertBlocks.parents.join(' ')}], groups are [${groupOrder.join(' ')}]`);
    }
    for (const [group, experts] of expertBlocks.byParent) out.push(...ranked(`experts of group ${group}`, 'expert', group, experts.map((e) => ({ index: e.expert, score: e.score }))));
    return out;
  });
}
