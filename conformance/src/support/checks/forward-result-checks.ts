// Checks of a forward result against the request and the spec's formulas alone (no oracle run): the shape of
// SPEC-002 §4.3, binary32 logits and the digests of SPEC-010 §4.11, the trace structure of REQ-003-016 and the
// accounting of SPEC-005. Each returns the problems found: an empty list means the aspect holds.
import {
  logitsDigest,
  requestDigest,
  sequenceDigest,
  tokenFlops,
  tokenParameterBytes,
  type ForwardDescriptor,
  type LayerRoute,
  type RouterDescriptor,
  type TokenFlops,
} from '../../oracle/index.ts';

export interface ForwardTokenResult {
  readonly digest: string;
  readonly logits?: number[];
  readonly routes?: LayerRoute[];
  readonly flops: TokenFlops;
  readonly parameterBytes: number;
}

export interface ForwardSequenceResult {
  readonly tokens: ForwardTokenResult[];
  readonly digest: string;
}

/** A forward result as forward-result.schema.json describes it. */
export interface ForwardResult {
  readonly model: string;
  readonly seed: string;
  readonly sequences: ForwardSequenceResult[];
  readonly digest: string;
}

/** What the shape of a result follows from: the request and the model's vocab and layer count. */
export interface ShapeExpectation {
  readonly model: string;
  readonly sequences: readonly (readonly number[])[];
  readonly trace: boolean;
  readonly logits: boolean;
  readonly vocab: number;
  readonly layers: number;
}

type Visit = (token: ForwardTokenResult, where: string, position: number) => string[];

function eachToken(result: ForwardResult, visit: Visit): string[] {
  return result.sequences.flatMap((s, i) => s.tokens.flatMap((t, p) => visit(t, `sequence ${i} position ${p}`, p)));
}

/** REQ-002-001: one entry per sequence and per token, in order; logits and routes exactly when asked. */
export function checkResultShape(result: ForwardResult, e: ShapeExpectation): string[] {
  const problems: string[] = [];
  if (result.model !== e.model) problems.push(`model is ${result.model}, the request named ${e.model}`);
  if (result.sequences.length !== e.sequences.length) {
    return [...problems, `${result.sequences.length} sequence results for ${e.sequences.length} request sequences`];
  }
  result.sequences.forEach((s, i) => {
    const n = e.sequences[i]?.length ?? 0;
    if (s.tokens.length !== n) problems.push(`sequence ${i}: ${s.tokens.length} token results for ${n} tokens`);
  });
  return problems.concat(
    eachToken(result, (t, where) => {
      const out: string[] = [];
      if (e.logits !== (t.logits !== undefined)) out.push(`${where}: logits ${t.logits === undefined ? 'absent' : 'present'} with logits ${e.logits}`);
      if (t.logits !== undefined && t.logits.length !== e.vocab) out.push(`${where}: ${t.logits.length} logits, vocab is ${e.vocab}`);
      if (e.trace !== (t.routes !== undefined)) out.push(`${where}: routes ${t.routes === undefined ? 'absent' : 'present'} with trace ${e.trace}`);
      const layers = (t.routes ?? []).map((r) => r.layer).join(',');
      const expected = Array.from({ length: e.layers }, (_, l) => l).join(',');
      if (t.routes !== undefined && layers !== expected) out.push(`${where}: route layers [${layers}], expected [${expected}]`);
      return out;
    }),
  );
}

/** REQ-010-013: every reported logit is a binary32 value. */
export function checkBinary32Logits(result: ForwardResult): string[] {
  return eachToken(result, (t, where) => {
    const bad = (t.logits ?? []).findIndex((v) => Math.fround(v) !== v);
    return bad < 0 ? [] : [`${where}: logit ${bad} = ${t.logits?.[bad]} is not a binary32 value`];
  });
}

/** REQ-010-013: each token digest is SHA-256 of its reported logits as binary32 little-endian. */
export function checkTokenDigests(result: ForwardResult): string[] {
  return eachToken(result, (t, where) => {
    if (t.logits === undefined) return [`${where}: no logits to recompute the digest from`];
    const digest = logitsDigest(t.logits);
    return digest === t.digest ? [] : [`${where}: digest ${t.digest}, recomputed from the logits ${digest}`];
  });
}

/** REQ-010-014: sequence digests over the token digests, the result digest over the sequence digests. */
export function checkSequenceDigests(result: ForwardResult): string[] {
  const problems = result.sequences.flatMap((s, i) => {
    const digest = sequenceDigest(s.tokens.map((t) => t.digest));
    return digest === s.digest ? [] : [`sequence ${i}: digest ${s.digest}, recomputed ${digest}`];
  });
  const overall = requestDigest(result.sequences.map((s) => s.digest));
  return overall === result.digest ? problems : [...problems, `result digest ${result.digest}, recomputed ${overall}`];
}

/** Lengths of the runs of equal consecutive keys, in order. */
function runs(keys: readonly string[]): { key: string; length: number }[] {
  const out: { key: string; length: number }[] = [];
  for (const key of keys) {
    const last = out[out.length - 1];
    if (last !== undefined && last.key === key) last.length += 1;
    else out.push({ key, length: 1 });
  }
  return out;
}

/** REQ-003-016: counts, adjacency, global ids, uniqueness and gate sum of every trace entry. */
export function checkTraceStructure(result: ForwardResult, d: RouterDescriptor): string[] {
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = d.hierarchy;
  const k = d.topK;
  return eachToken(result, (t, where) =>
    (t.routes ?? []).flatMap((route) => {
      const at = `${where} layer ${route.layer}`;
      const x = route.experts;
      const out: string[] = [];
      if (x.length !== k.tier * k.group * k.expert) out.push(`${at}: ${x.length} experts, expected ${k.tier * k.group * k.expert}`);
      const tierRuns = runs(x.map((e) => `${e.tier}`));
      const groupRuns = runs(x.map((e) => `${e.tier}.${e.group}`));
      if (tierRuns.length !== k.tier || new Set(tierRuns.map((r) => r.key)).size !== k.tier) out.push(`${at}: tiers [${tierRuns.map((r) => r.key).join(' ')}] are not ${k.tier} adjacent distinct tiers`);
      if (groupRuns.length !== k.tier * k.group || new Set(groupRuns.map((r) => r.key)).size !== groupRuns.length) out.push(`${at}: groups [${groupRuns.map((r) => r.key).join(' ')}] are not ${k.tier * k.group} adjacent distinct groups`);
      if (groupRuns.some((r) => r.length !== k.expert)) out.push(`${at}: a group holds other than ${k.expert} experts`);
      for (const e of x) {
        if (e.tier >= T || e.group >= G || e.expert >= E) out.push(`${at}: expert ${e.tier}.${e.group}.${e.expert} is outside the hierarchy`);
        if (e.id !== (e.tier * G + e.group) * E + e.expert) out.push(`${at}: expert ${e.tier}.${e.group}.${e.expert} has id ${e.id}`);
      }
      if (new Set(x.map((e) => e.id)).size !== x.length) out.push(`${at}: an expert id appears twice`);
      const sum = x.reduce((acc, e) => acc + e.gate, 0);
      if (!(Math.abs(sum - 1) <= 1e-9)) out.push(`${at}: gates sum to ${sum}`);
      return out;
    }),
  );
}

/** REQ-005-001: FLOPs of each token equal the SPEC-005 §4.1 formulas for its position. */
export function checkFlops(result: ForwardResult, d: ForwardDescriptor): string[] {
  return eachToken(result, (t, where, position) => {
    const want = tokenFlops(d, position);
    const terms = ['attention', 'router', 'experts', 'output', 'total'] as const;
    const wrong = terms.filter((term) => t.flops[term] !== want[term]);
    return wrong.length === 0 ? [] : [`${where}: ${wrong.map((w) => `${w} ${t.flops[w]} (expected ${want[w]})`).join(', ')}`];
  });
}

/** REQ-005-002: parameterBytes of each token equals the SPEC-005 §4.2 formula. */
export function checkParameterBytes(result: ForwardResult, d: ForwardDescriptor): string[] {
  const want = tokenParameterBytes(d);
  return eachToken(result, (t, where) => (t.parameterBytes === want ? [] : [`${where}: parameterBytes ${t.parameterBytes}, expected ${want}`]));
}
