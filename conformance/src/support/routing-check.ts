// Compares a runtime's RouteResult with the oracle: selections and order exactly, scores exactly (dyadic fixtures
// make them exact), gates within the SPEC-010 tolerance, digests recomputed from what the runtime itself reported.
import {
  GATE_TOLERANCE,
  gatesClose,
  routeBatch,
  routeDigest,
  tokenDigest,
  type ExpectedRouteResult,
  type RouterDescriptor,
  type RouterTensors,
} from '../oracle/index.ts';

export type RouteResult = ExpectedRouteResult;

interface Entry {
  readonly tier: number;
  readonly group?: number;
  readonly expert?: number;
  readonly id?: number;
  readonly score: number;
  readonly gate: number;
}

/** Selection and order of one level as text: `tier.group.expert#id` per entry. */
function selectionText(entries: readonly Entry[]): string {
  return entries.map((e) => [e.tier, e.group, e.expert].filter((v) => v !== undefined).join('.') + (e.id === undefined ? '' : `#${e.id}`)).join(' ');
}

/** Returns every difference found (empty: the runtime agrees with the oracle). */
export function compareWithOracle(
  actual: RouteResult,
  tensors: RouterTensors,
  descriptor: RouterDescriptor,
  layer: number,
  hidden: readonly (readonly number[])[],
  seed: bigint,
): string[] {
  const expected = routeBatch(tensors, descriptor, layer, hidden, seed);
  const problems: string[] = [];
  if (actual.model !== expected.model) problems.push(`model: expected ${expected.model}, got ${actual.model}`);
  if (actual.layer !== expected.layer) problems.push(`layer: expected ${expected.layer}, got ${actual.layer}`);
  if (actual.seed !== expected.seed) problems.push(`seed: expected ${expected.seed}, got ${actual.seed}`);
  if (actual.tokens.length !== expected.tokens.length) {
    problems.push(`tokens: expected ${expected.tokens.length}, got ${actual.tokens.length}`);
    return problems;
  }
  expected.tokens.forEach((exp, i) => {
    const act = actual.tokens[i]!;
    const levels: [string, readonly Entry[], readonly Entry[]][] = [
      ['tiers', exp.tiers, act.tiers],
      ['groups', exp.groups, act.groups],
      ['experts', exp.experts, act.experts],
    ];
    for (const [level, e, a] of levels) {
      const expKeys = selectionText(e);
      const actKeys = selectionText(a);
      if (expKeys !== actKeys) {
        problems.push(`token ${i} ${level} (selection and order): expected [${expKeys}], got [${actKeys}]`);
        continue;
      }
      e.forEach((ee, j) => {
        const aa = a[j]!;
        if (aa.score !== ee.score) problems.push(`token ${i} ${level}[${j}] score: expected exactly ${ee.score}, got ${aa.score}`);
        if (!gatesClose(aa.gate, ee.gate)) {
          problems.push(`token ${i} ${level}[${j}] gate: expected ${ee.gate} ± ${GATE_TOLERANCE}, got ${aa.gate}`);
        }
      });
    }
  });
  return problems;
}

/** SPEC-010 digests: recomputed from the runtime's own reported ids and gates, so they must match bit for bit. */
export function checkReportedDigests(actual: RouteResult): string[] {
  const problems: string[] = [];
  actual.tokens.forEach((t, i) => {
    const digest = tokenDigest(t.experts);
    if (digest !== t.digest) problems.push(`token ${i} digest: recomputed ${digest}, reported ${t.digest}`);
  });
  const overall = routeDigest(actual.tokens.map((t) => t.digest));
  if (overall !== actual.digest) problems.push(`route digest: recomputed ${overall}, reported ${actual.digest}`);
  return problems;
}
