import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceFixture } from '../../fixtures/index.ts';
import { inputMatrix, parseU64, routeBatch, type ExpectedRouteResult } from '../../oracle/index.ts';
import {
  checkContainment,
  checkCounts,
  checkGateProducts,
  checkGlobalIds,
  checkNoRepeats,
  checkOutputOrder,
  checkScoresAgainstRows,
  checkSoftmaxGates,
  type RouteContext,
} from './route-properties.ts';

function context(name: string, layer = 0, rows = 6): { ctx: RouteContext; result: ExpectedRouteResult } {
  const f = conformanceFixture(name);
  assert.ok(f);
  const seed = parseU64(f.descriptor.seed);
  const hidden = inputMatrix(seed, 0, rows, f.descriptor.dModel);
  const ctx = { descriptor: f.descriptor, tensors: f.tensors, layer, hidden, seed };
  return { ctx, result: routeBatch(f.tensors, f.descriptor, layer, hidden, seed) };
}

function mutate(result: ExpectedRouteResult, edit: (r: ExpectedRouteResult) => void): ExpectedRouteResult {
  const copy = structuredClone(result);
  edit(copy);
  return copy;
}

void test('the oracle\'s own results have every property', () => {
  for (const [name, layer] of [['cm-small', 0], ['cm-small', 1], ['cm-wide', 0], ['cm-tie', 0], ['cm-tiny', 1]] as const) {
    const { ctx, result } = context(name, layer);
    const all = [
      checkCounts(result, ctx.descriptor.topK),
      checkGlobalIds(result, ctx.descriptor.hierarchy),
      checkNoRepeats(result),
      checkContainment(result),
      checkScoresAgainstRows(result, ctx),
      checkSoftmaxGates(result),
      checkGateProducts(result),
      checkOutputOrder(result, ctx),
    ];
    assert.deepEqual(all.flat(), [], `${name} layer ${layer}`);
  }
});

void test('each check catches the defect it is about', () => {
  const { ctx, result } = context('cm-small');
  const caught = (problems: string[]) => assert.ok(problems.length > 0, 'defect not caught');
  caught(checkCounts(mutate(result, (r) => r.tokens[0]?.experts.pop()), ctx.descriptor.topK));
  caught(checkGlobalIds(mutate(result, (r) => r.tokens.forEach((t) => t.experts.forEach((e) => (e.id = e.expert)))), ctx.descriptor.hierarchy));
  caught(checkNoRepeats(mutate(result, (r) => {
    const t = r.tokens[0];
    if (t?.experts[0] !== undefined) t.experts[1] = { ...t.experts[0] };
  })));
  caught(checkContainment(mutate(result, (r) => {
    const e = r.tokens[0]?.experts[0];
    if (e !== undefined) e.group = (e.group + 3) % 4;
  })));
  caught(checkScoresAgainstRows(mutate(result, (r) => {
    const g = r.tokens[1]?.groups[0];
    if (g !== undefined) g.score += 1 / 64;
  }), ctx));
  caught(checkSoftmaxGates(mutate(result, (r) => r.tokens.forEach((t) => t.tiers.reverse().forEach((e, j) => (e.gate = t.tiers[t.tiers.length - 1 - j]?.gate ?? 0))))));
  caught(checkSoftmaxGates(mutate(result, (r) => r.tokens.forEach((t) => t.tiers.forEach((e) => (e.gate = Math.fround(e.gate + 1e-9)))))));
  // routing.gate-product: an expert's gate is its own softmax weight only.
  caught(checkGateProducts(mutate(result, (r) => r.tokens.forEach((t) => t.experts.forEach((e) => {
    const tierGate = t.tiers.find((x) => x.tier === e.tier)?.gate ?? 1;
    const groupGate = t.groups.find((x) => x.tier === e.tier && x.group === e.group)?.gate ?? 1;
    e.gate /= tierGate * groupGate;
  })))));
  // routing.order: experts listed by ascending global id.
  caught(checkOutputOrder(mutate(result, (r) => r.tokens.forEach((t) => t.experts.sort((a, b) => a.id - b.id))), ctx));
  caught(checkOutputOrder(mutate(result, (r) => r.tokens.forEach((t) => t.groups.reverse())), ctx));
  caught(checkOutputOrder(mutate(result, (r) => r.tokens.forEach((t) => t.tiers.reverse())), ctx));
});

void test('the transposed group-row mapping is caught by the score check', () => {
  const { ctx, result } = context('cm-small');
  const G = ctx.descriptor.hierarchy.groupsPerTier;
  const T = ctx.descriptor.hierarchy.tiers;
  const w = ctx.tensors.get('layers.0.router.group.weight');
  assert.ok(w);
  const d = ctx.descriptor.dModel;
  const transposed = mutate(result, (r) => r.tokens.forEach((t, i) => t.groups.forEach((g) => {
    const row = g.group * T + g.tier;
    g.score = (ctx.hidden[i] ?? []).reduce((s, x, j) => s + (w[row * d + j] ?? 0) * x, 0);
  })));
  assert.equal(G, T);
  assert.ok(checkScoresAgainstRows(transposed, ctx).length > 0);
});
