// One step per routing property of SPEC-003, SPEC-004 and SPEC-010, each checking the last route result for that
// property alone, so a failing scenario names the requirement it breaks.
import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import { routeBatch, routeDigest, tokenDigest, type ExpectedRouteResult } from '../oracle/index.ts';
import {
  checkTieOrder,
  compareGates,
  compareSelectedSets,
  compareTokenOrder,
} from '../support/checks/oracle-comparisons.ts';
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
} from '../support/checks/route-properties.ts';
import { routerModelNamed } from '../support/forward-models.ts';
import { fixtureNamed } from '../support/models.ts';
import { expectedSeed, lastCall, lastRoute } from '../support/route-calls.ts';
import type { ConformanceWorld } from '../support/world.ts';

function contextOf(world: ConformanceWorld): RouteContext {
  const call = lastCall(world);
  const fixture = routerModelNamed(call.model);
  return { descriptor: fixture.descriptor, tensors: fixture.tensors, layer: call.layer, hidden: call.hidden, seed: expectedSeed(world, call.model) };
}

function oracleResult(ctx: RouteContext): ExpectedRouteResult {
  return routeBatch(ctx.tensors, ctx.descriptor, ctx.layer, ctx.hidden, ctx.seed);
}

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 20).join('\n')}`);
}

Then(
  'every token has {int} tier(s), {int} group(s) and {int} expert(s)',
  function (this: ConformanceWorld, tiers: number, groups: number, experts: number) {
    const result = lastRoute(this);
    assert.ok(result.tokens.length > 0, 'no tokens');
    const got = result.tokens.map((t) => `${t.tiers.length}/${t.groups.length}/${t.experts.length}`);
    none(got.filter((g) => g !== `${tiers}/${groups}/${experts}`), 'tiers/groups/experts per token');
    none(checkCounts(result, contextOf(this).descriptor.topK), 'counts against the descriptor topK');
  },
);

Then('every reported score equals the dot product of its router row and the token\'s input', function (this: ConformanceWorld) {
  none(checkScoresAgainstRows(lastRoute(this), contextOf(this)), 'scores');
});

Then('the selected tiers, groups and experts are the oracle\'s', function (this: ConformanceWorld) {
  none(compareSelectedSets(lastRoute(this), oracleResult(contextOf(this))), 'selections');
});

Then('every selected group belongs to a selected tier and every selected expert to a selected group', function (this: ConformanceWorld) {
  none(checkContainment(lastRoute(this)), 'hierarchy');
});

Then('every tier and group gate is the softmax of the selected scores under its parent', function (this: ConformanceWorld) {
  none(checkSoftmaxGates(lastRoute(this)), 'tier and group gates');
});

Then(
  'every expert gate is the product of its tier gate, its group gate and its weight among its group\'s selected experts',
  function (this: ConformanceWorld) {
    none(checkGateProducts(lastRoute(this)), 'expert gates');
  },
);

Then('the tiers, groups and experts of every token are in the output order of SPEC-003', function (this: ConformanceWorld) {
  none(checkOutputOrder(lastRoute(this), contextOf(this)), 'output order');
});

Then('the tokens are in the order of the request\'s rows', function (this: ConformanceWorld) {
  const { problems, distinctRoutes } = compareTokenOrder(lastRoute(this), oracleResult(contextOf(this)));
  // With identical routes for every row a permutation of tokens would be invisible: the scenario must use rows that differ.
  assert.ok(distinctRoutes > 1, 'every row routes identically, so token order cannot be observed');
  none(problems, 'token order');
});

Then('the result names model {string} and layer {int}', function (this: ConformanceWorld, model: string, layer: number) {
  const result = lastRoute(this);
  assert.equal(result.model, model);
  assert.equal(result.layer, layer);
});

Then('every group id and expert id is the global id its tier, group and expert indices give', function (this: ConformanceWorld) {
  none(checkGlobalIds(lastRoute(this), contextOf(this).descriptor.hierarchy), 'global ids');
});

Then('no token names the same tier, group id or expert id twice', function (this: ConformanceWorld) {
  none(checkNoRepeats(lastRoute(this)), 'repeated selections');
});

function tieOrder(world: ConformanceWorld, name: string, everyLevel: boolean): void {
  const ctx = contextOf(world);
  assert.equal(ctx.descriptor.name, fixtureNamed(name).descriptor.name, `the last route was not through ${name}`);
  const { problems, observed } = checkTieOrder(lastRoute(world), ctx.descriptor, ctx.layer, ctx.seed);
  // A scenario whose inputs never reach a tied pair could not fail: that is a defect of the scenario.
  assert.ok(observed.size > 0, 'no tied pair was reached by these inputs');
  if (everyLevel) assert.deepEqual([...observed].sort(), ['expert', 'group', 'tier'], 'ties observed at these levels only');
  none(problems, `tie order under seed ${ctx.seed}`);
}

Then('the tied candidates of {string} appear in tie-key order', function (this: ConformanceWorld, name: string) {
  tieOrder(this, name, false);
});

Then('the tied candidates of {string} appear in tie-key order at every level', function (this: ConformanceWorld, name: string) {
  tieOrder(this, name, true);
});

Then('every gate is within 2^-40 of the oracle\'s', function (this: ConformanceWorld) {
  none(compareGates(lastRoute(this), oracleResult(contextOf(this))), 'gates');
});

Then('every token digest is the SHA-256 of its experts\' ids and gates', function (this: ConformanceWorld) {
  const result = lastRoute(this);
  none(result.tokens.flatMap((t, i) => (tokenDigest(t.experts) === t.digest ? [] : [`token ${i}: reported ${t.digest}, recomputed ${tokenDigest(t.experts)}`])), 'token digests');
});

Then('the result digest is the SHA-256 of its token digests', function (this: ConformanceWorld) {
  const result = lastRoute(this);
  assert.equal(result.digest, routeDigest(result.tokens.map((t) => t.digest)));
});
