// Budget-aware routing (SPEC-041, SPEC-042, SPEC-048): deployments set through the control API, tier sets and budgets
// on forward, solve and generate requests, and what the results must show: the tiers and k of every trace entry, the
// oracle's masked routing where it is well separated, the FLOPs of the routing run, the solver's answer and the cost
// charged. Expected values come from oracle/budget.ts and oracle/budget-forward.ts.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { byteTokens, parseU64, tokenFlops } from '../oracle/index.ts';
import { DEFAULT_DEPLOYMENT, expectedRouting, policyOf, type OracleDeployment, type OracleRouting } from '../oracle/budget.ts';
import { forwardUnderPolicy } from '../oracle/budget-forward.ts';
import { compareTraces } from '../support/checks/forward-oracle-checks.ts';
import { assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { fixtureSequences, forward, lastForward, lastForwardCall, type ForwardResult } from '../support/forward-calls.ts';
import { forwardModelNamed } from '../support/forward-models.ts';
import { lastRecord } from '../support/generation-calls.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

const DEPLOYMENT = 'budget deployment in force';
const DEPLOYMENT_SET = 'budget deployment as set';
const ROUTING = 'budget routing of the last request';

/** The routing members of a request: `tierSet` and `budget`, as the scenario wrote them. */
interface RoutingWords {
  tierSet?: number[];
  budget?: { latencyMs?: number; maxCost?: number };
}

interface Solution {
  model: string;
  topK: { tier: number; group: number; expert: number };
  tierSet: number[];
  experts: number;
  predictedLatencyMs: number;
  costPerToken: number;
}

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 20).join('\n')}`);
}

function within(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual}, the oracle's ${expected}`);
}

/** The deployment the scenario set (the default one until it sets another), as the oracle reads it. */
function deploymentOf(world: ConformanceWorld): OracleDeployment {
  return (world.remembered.get(DEPLOYMENT) as OracleDeployment | undefined) ?? DEFAULT_DEPLOYMENT;
}

function solveBody(model: string, routing: RoutingWords): Record<string, unknown> {
  return { model, ...(routing.tierSet === undefined ? {} : { tierSet: routing.tierSet }), ...(routing.budget ?? {}) };
}

function oracleRouting(world: ConformanceWorld, model: string, routing: RoutingWords): OracleRouting {
  return expectedRouting(forwardModelNamed(model).descriptor, model, { ...(routing.tierSet === undefined ? {} : { tierSet: routing.tierSet }), ...(routing.budget ?? {}) }, deploymentOf(world));
}

Given('the deployment is set to:', async function (this: ConformanceWorld, text: string) {
  const body = JSON.parse(text) as Partial<OracleDeployment> & { models?: Partial<OracleDeployment['models'][number]>[] };
  const response = await this.api.request({ method: 'PUT', path: '/v1/conformance/deployment', token: this.token('admin'), body });
  assertSucceeds(this, response, 200, 'protocol/deployment', 'PUT /v1/conformance/deployment');
  // SPEC-041 §4.1: absent members take their defaults; classes are listed by name, models by id.
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const classes = body.hardwareClasses ?? DEFAULT_DEPLOYMENT.hardwareClasses;
  const deployment: OracleDeployment = {
    hardwareClasses: [...classes].sort((a, b) => byName(a.name, b.name)),
    defaultHardwareClass: body.defaultHardwareClass ?? DEFAULT_DEPLOYMENT.defaultHardwareClass,
    models: (body.models ?? [])
      .map((m) => ({ model: m.model ?? '', tierHardware: m.tierHardware ?? [], defaultTierSet: m.defaultTierSet ?? null }))
      .sort((a, b) => byName(a.model, b.model)),
    costModel: body.costModel ?? DEFAULT_DEPLOYMENT.costModel,
  };
  this.remembered.set(DEPLOYMENT, deployment);
  this.remembered.set(DEPLOYMENT_SET, deployment);
});

When('{principal} reads the deployment', async function (this: ConformanceWorld, who: Principal) {
  await sendRecorded(this, who, { method: 'GET', path: '/v1/deployment' });
});

Then('the deployment document is the one set, classes by name and models by id', function (this: ConformanceWorld) {
  const document = assertSucceeds(this, this.last, 200, 'protocol/deployment', 'GET /v1/deployment');
  assert.deepEqual(document, this.recall<OracleDeployment>(DEPLOYMENT_SET));
});

Then('the deployment document is the default deployment', function (this: ConformanceWorld) {
  const document = assertSucceeds(this, this.last, 200, 'protocol/deployment', 'GET /v1/deployment');
  assert.deepEqual(document, DEFAULT_DEPLOYMENT);
});

When('{principal} forwards the fixture sequences of {string} with routing {string}', async function (this: ConformanceWorld, who: Principal, model: string, words: string) {
  const routing = JSON.parse(words) as RoutingWords;
  this.remembered.set(ROUTING, routing);
  await forward(this, who, { model, sequences: fixtureSequences(model), trace: true, ...routing });
});

When('the admin sends a forward request for {string} with routing {string}', async function (this: ConformanceWorld, model: string, words: string) {
  const body = { model, sequences: [byteTokens('Hello, world')], ...(JSON.parse(words) as RoutingWords) };
  await sendRecorded(this, { kind: 'admin' }, { method: 'POST', path: '/v1/forward', body });
});

When('the admin sends a solve request for {string} with routing {string}', async function (this: ConformanceWorld, model: string, words: string) {
  await sendRecorded(this, { kind: 'admin' }, { method: 'POST', path: '/v1/budget/solve', body: solveBody(model, JSON.parse(words) as RoutingWords) });
});

When('the admin sends a generation for {string} with routing {string}', async function (this: ConformanceWorld, model: string, words: string) {
  const body = { model, prompt: byteTokens('Hello, world'), maxTokens: 2, ...(JSON.parse(words) as RoutingWords) };
  await sendRecorded(this, { kind: 'admin' }, { method: 'POST', path: '/v1/generate', body });
});

When('{principal} asks for the budget solution of {string} with {string}', async function (this: ConformanceWorld, who: Principal, model: string, words: string) {
  const request = JSON.parse(words) as { tierSet?: number[]; latencyMs?: number; maxCost?: number };
  const { tierSet, ...budget } = request;
  this.remembered.set(ROUTING, { ...(tierSet === undefined ? {} : { tierSet }), budget });
  await sendRecorded(this, who, { method: 'POST', path: '/v1/budget/solve', body: { model, ...request } });
});

function lastSolution(world: ConformanceWorld): Solution {
  return assertSucceeds(world, world.last, 200, 'protocol/budget-solution', 'POST /v1/budget/solve') as Solution;
}

/** REQ-042-001, REQ-042-002, REQ-048-005: the runtime's answer against the oracle's routing for the same request. */
function checkSolution(solution: Solution, want: OracleRouting, model: string): void {
  assert.equal(solution.model, model);
  assert.deepEqual([solution.topK, solution.tierSet], [want.topK, want.tierSet], 'k per level and tier set');
  assert.equal(solution.experts, want.topK.tier * want.topK.group * want.topK.expert, 'experts');
  within(solution.predictedLatencyMs, want.latencyMs, 'predictedLatencyMs');
  within(solution.costPerToken, want.costPerToken, 'costPerToken');
}

Then('the budget solution is the oracle\'s, with k {word} on tiers {}', function (this: ConformanceWorld, k: string, tiers: string) {
  const model = (this.last.json as { model?: string } | undefined)?.model ?? '';
  const solution = lastSolution(this);
  const want = oracleRouting(this, solution.model, this.recall<RoutingWords>(ROUTING));
  // The example row must itself be the oracle's answer: a wrong example is a defect of the suite.
  assert.deepEqual([`${want.topK.tier}/${want.topK.group}/${want.topK.expert}`, want.tierSet], [k, JSON.parse(tiers) as number[]], 'the example row');
  checkSolution(solution, want, model);
});

Then('the budget solution quotes {int} cost units per token, as the oracle does', function (this: ConformanceWorld, cost: number) {
  const solution = lastSolution(this);
  const want = oracleRouting(this, solution.model, this.recall<RoutingWords>(ROUTING));
  assert.equal(want.costPerToken, cost, 'the example row');
  within(solution.costPerToken, cost, 'costPerToken');
});

/** Every trace entry of a result with the token and layer it belongs to. */
function traceEntries(result: ForwardResult): { where: string; experts: { tier: number; group: number; expert: number; id: number }[] }[] {
  return result.sequences.flatMap((s, i) => s.tokens.flatMap((t, p) => (t.routes ?? []).map((r) => ({ where: `sequence ${i} position ${p} layer ${r.layer}`, experts: r.experts }))));
}

function checkTiers(result: ForwardResult, allowed: readonly number[]): string[] {
  const entries = traceEntries(result);
  if (entries.length === 0) return ['the result carries no trace'];
  return entries.flatMap(({ where, experts }) => experts.filter((e) => !allowed.includes(e.tier)).map((e) => `${where}: expert ${e.id} of tier ${e.tier}`));
}

function checkShape(result: ForwardResult, k: { tier: number; group: number; expert: number }): string[] {
  return traceEntries(result).flatMap(({ where, experts }) => {
    const tiers = [...new Set(experts.map((e) => e.tier))];
    const problems = experts.length === k.tier * k.group * k.expert ? [] : [`${where}: ${experts.length} experts`];
    if (tiers.length !== k.tier) problems.push(`${where}: ${tiers.length} tiers`);
    for (const t of tiers) {
      const groups = [...new Set(experts.filter((e) => e.tier === t).map((e) => e.group))];
      if (groups.length !== k.group) problems.push(`${where}: tier ${t} has ${groups.length} groups`);
      for (const g of groups) {
        const n = experts.filter((e) => e.tier === t && e.group === g).length;
        if (n !== k.expert) problems.push(`${where}: group ${t}.${g} has ${n} experts`);
      }
    }
    return problems;
  });
}

Then('every traced expert lies in the tiers {}', function (this: ConformanceWorld, tiers: string) {
  none(checkTiers(lastForward(this), JSON.parse(tiers) as number[]), 'experts outside the tier set');
});

Then('every trace entry routes {int} tiers, {int} groups per tier and {int} experts per group', function (this: ConformanceWorld, tier: number, group: number, expert: number) {
  none(checkShape(lastForward(this), { tier, group, expert }), 'trace entries of another shape');
});

Then('the well-separated trace entries equal the oracle\'s routing under that policy', function (this: ConformanceWorld) {
  const call = lastForwardCall(this);
  const model = forwardModelNamed(call.model);
  const policy = policyOf(model.descriptor, oracleRouting(this, call.model, this.recall<RoutingWords>(ROUTING)));
  const seed = parseU64(model.descriptor.seed);
  const sequences = call.sequences.map((tokens) => forwardUnderPolicy(model, tokens, policy, seed));
  const comparison = compareTraces(lastForward(this), { model: call.model, seed: seed.toString(), sequences, digest: '' });
  none(comparison.problems, 'trace entries unlike the oracle\'s masked routing');
  assert.ok(comparison.compared > 0, `no trace entry of ${comparison.total} was well separated enough to compare`);
});

Then('the forward trace follows the budget solution for the same model and routing', async function (this: ConformanceWorld) {
  const call = lastForwardCall(this);
  const response = await this.api.request({
    method: 'POST', path: '/v1/budget/solve', ...credentialOf(this, { kind: 'admin' }), body: solveBody(call.model, this.recall<RoutingWords>(ROUTING)),
  });
  const solution = assertSucceeds(this, response, 200, 'protocol/budget-solution', 'POST /v1/budget/solve') as Solution;
  const result = lastForward(this);
  none([...checkTiers(result, solution.tierSet), ...checkShape(result, solution.topK)], 'trace entries unlike the budget solution');
});

Then('every forward token reports the router and expert FLOPs of the routing it ran under, and SPEC-005\'s others', function (this: ConformanceWorld) {
  const call = lastForwardCall(this);
  const descriptor = forwardModelNamed(call.model).descriptor;
  const routing = oracleRouting(this, call.model, this.recall<RoutingWords>(ROUTING));
  const problems = lastForward(this).sequences.flatMap((s, i) => s.tokens.flatMap((t, p) => {
    const base = tokenFlops(descriptor, p);
    const want = { attention: base.attention, router: 2 * routing.routerMultiplyAdds, experts: 2 * routing.expertMultiplyAdds, output: base.output };
    const total = want.attention + want.router + want.experts + want.output;
    const got = t.flops;
    return got.attention === want.attention && got.router === want.router && got.experts === want.experts && got.output === want.output && got.total === total
      ? []
      : [`sequence ${i} position ${p}: ${JSON.stringify(got)}, expected ${JSON.stringify({ ...want, total })}`];
  }));
  none(problems, 'FLOPs unlike the routing run');
});

Then('the generation\'s usage.cost is the cost of its executed rows under the routing of {string}', function (this: ConformanceWorld, words: string) {
  const { body, result } = lastRecord(this);
  const routing = oracleRouting(this, body.model, JSON.parse(words) as RoutingWords);
  const { promptTokens, cachedTokens, completionTokens, cost } = result.usage;
  assert.equal(result.finishReason, 'length', 'the generation must end by length for its rows to follow from its usage');
  // SPEC-048 §4.4: prompt positions not served from the prefix cache, and every completion token but the last.
  const rows = promptTokens - cachedTokens + completionTokens - 1;
  assert.ok(cost !== undefined, 'usage carries no cost');
  within(cost, rows * routing.costPerToken, `usage.cost of ${rows} rows at ${routing.costPerToken} per row`);
});
