import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildModelFiles } from '../../model/builtin-models.ts';
import type { FaultName } from '../../faults.ts';
import { FaultBench } from '../../test-support/fault-bench.ts';
import { descriptorWith, serveModelFiles } from '../../test-support/forward-models.ts';
import { assertError, assertSchema, call } from '../../test-support/inject.ts';

// Budget faults (SPEC-041, SPEC-042, SPEC-048): each pair differs only by the switch. A model with six tiers and
// tier k 2 lets masks and every level of k matter; generations observe routing through usage.cost (the ledger).
let bench: FaultBench;
before(async () => {
  bench = await FaultBench.start();
});
after(async () => {
  await bench.close();
});

const WIDE = descriptorWith({
  name: 'budget-wide', seed: '31', dModel: 16, layers: 1, heads: 2, dFF: 16, vocab: 64, maxSeq: 32,
  hierarchy: { tiers: 6, groupsPerTier: 2, expertsPerGroup: 4 }, topK: { tier: 2, group: 2, expert: 2 },
});
const { dModel: d, dFF: F, layers: L } = WIDE;
const { groupsPerTier: G, expertsPerGroup: E } = WIDE.hierarchy;
/** SPEC-048 §4.1 under the default deployment (one unit per multiply-add). */
const costOf = (tiers: number, t: number, g: number, e: number) => L * d * (tiers + t * G + t * g * E) + L * (t * g * e + 1) * 3 * d * F;
const PROMPT = [5, 17, 3, 40, 22, 9];

async function pair(fault: FaultName): Promise<[FastifyInstance, FastifyInstance]> {
  const apps = await bench.pair(fault);
  const manifestUrl = serveModelFiles(bench.fixtures, `${fault}/budget-wide`, buildModelFiles(WIDE));
  for (const app of apps) assert.equal((await call(app, 'POST', '/v1/models', { body: { manifestUrl } })).statusCode, 201);
  return apps;
}

interface Generated {
  tokens: number[];
  usage: { promptTokens: number; cachedTokens: number; completionTokens: number; cost?: number };
}

async function generate(app: FastifyInstance, extra: Record<string, unknown>): Promise<Generated> {
  const response = await call(app, 'POST', '/v1/generate', { body: { model: 'budget-wide', prompt: PROMPT, maxTokens: 4, ...extra } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<Generated>();
}

/** usage.cost over the rows run, per row. */
function perRow(g: Generated): number {
  const rows = g.usage.promptTokens - g.usage.cachedTokens + g.usage.completionTokens - 1;
  return (g.usage.cost ?? Number.NaN) / rows;
}

async function solve(app: FastifyInstance, body: Record<string, unknown>) {
  return call(app, 'POST', '/v1/budget/solve', { body: { model: 'budget-wide', ...body } });
}

async function solved(app: FastifyInstance, body: Record<string, unknown>) {
  const response = await solve(app, body);
  assert.equal(response.statusCode, 200, response.body);
  const solution = response.json<{ topK: { tier: number; group: number; expert: number }; tierSet: number[]; predictedLatencyMs: number; costPerToken: number }>();
  assertSchema('budget-solution', solution);
  return solution;
}

async function deploy(apps: FastifyInstance[], body: Record<string, unknown>): Promise<void> {
  for (const app of apps) {
    const response = await call(app, 'PUT', '/v1/conformance/deployment', { body });
    assert.equal(response.statusCode, 200, response.body);
  }
}

const TWO_CLASSES = {
  hardwareClasses: [{ name: 'fast', available: true, expertNsPerMultiplyAdd: 1 }, { name: 'off', available: false, expertNsPerMultiplyAdd: 1 }, { name: 'slow', available: true, expertNsPerMultiplyAdd: 4 }],
  defaultHardwareClass: 'fast',
  models: [{ model: 'budget-wide', tierHardware: ['off', 'off', 'slow'] }],
};

test('budget.tierset-ignored: a generation with tier set [1] is charged for every tier scored', async () => {
  const [clean, faulty] = await pair('budget.tierset-ignored');
  assert.equal(perRow(await generate(clean, { tierSet: [1] })), costOf(1, 1, 2, 2));
  assert.equal(perRow(await generate(faulty, { tierSet: [1] })), costOf(6, 1, 2, 2));
});

test('budget.default-tierset-ignored: the default tier set [2, 4] is not applied', async () => {
  const apps = await pair('budget.default-tierset-ignored');
  await deploy(apps, { models: [{ model: 'budget-wide', defaultTierSet: [2, 4] }] });
  assert.deepEqual(await Promise.all(apps.map(async (app) => (await solved(app, {})).tierSet)), [[2, 4], [0, 1, 2, 3, 4, 5]]);
});

test('budget.tierset-duplicates-accepted: [3, 3] is served as [3]', async () => {
  const [clean, faulty] = await pair('budget.tierset-duplicates-accepted');
  assertError(await solve(clean, { tierSet: [3, 3] }), 422, 'E_ROUTING_TIERSET');
  assert.deepEqual((await solved(faulty, { tierSet: [3, 3] })).tierSet, [3]);
});

test('budget.hardware-ignored: tiers on the unavailable class stay in the set', async () => {
  const apps = await pair('budget.hardware-ignored');
  await deploy(apps, TWO_CLASSES);
  assert.deepEqual(await Promise.all(apps.map(async (app) => (await solved(app, { tierSet: [1, 3] })).tierSet)), [[3], [1, 3]]);
});

test('budget.hardware-fallback-all: a set with no servable tier routes over the whole set', async () => {
  const apps = await pair('budget.hardware-fallback-all');
  await deploy(apps, TWO_CLASSES);
  assertError(await solve(apps[0], { tierSet: [0, 1] }), 422, 'E_ROUTING_HARDWARE');
  assert.deepEqual((await solved(apps[1], { tierSet: [0, 1] })).tierSet, [0, 1]);
});

test('budget.mask-fallback-lowest: masked routing picks other tiers (and scores every tier)', async () => {
  const [clean, faulty] = await pair('budget.mask-fallback-lowest');
  const request = { tierSet: [1, 3, 5], maxTokens: 12, prompt: [...PROMPT, 11, 60, 2, 33] };
  const [a, b] = [await generate(clean, request), await generate(faulty, request)];
  assert.equal(perRow(a), costOf(3, 2, 2, 2));
  assert.notDeepEqual(b.tokens, a.tokens);
});

test('budget.reset-keeps-deployment: the control reset leaves the deployment set', async () => {
  const apps = await pair('budget.reset-keeps-deployment');
  await deploy(apps, TWO_CLASSES);
  const names = await Promise.all(apps.map(async (app) => {
    assert.equal((await call(app, 'POST', '/v1/conformance/reset')).statusCode, 200);
    const document = (await call(app, 'GET', '/v1/deployment')).json<{ hardwareClasses: { name: string }[] }>();
    assertSchema('deployment', document);
    return document.hardwareClasses.map((c) => c.name);
  }));
  assert.deepEqual(names, [['reference'], ['fast', 'off', 'slow']]);
});

test('budget.solver-prefers-group: at equal routed experts the faulty solver takes the larger group k', async () => {
  const [clean, faulty] = await pair('budget.solver-prefers-group');
  // Two experts as 1/1/2 or 1/2/1 fit (2/1/1 and four experts do not): expert k 2 wins, or under the fault group k 2.
  const latencyMs = (costOf(6, 1, 2, 1) + 1) / 1e6;
  assert.ok(costOf(6, 2, 1, 1) > costOf(6, 1, 2, 1));
  assert.deepEqual((await solved(clean, { latencyMs })).topK, { tier: 1, group: 1, expert: 2 });
  assert.deepEqual((await solved(faulty, { latencyMs })).topK, { tier: 1, group: 2, expert: 1 });
});

test('budget.latency-fastest-class: the prediction for tiers 2 (slow) and 3 (fast) uses 1 ns instead of 4', async () => {
  const apps = await pair('budget.latency-fastest-class');
  await deploy(apps, TWO_CLASSES);
  const [a, b] = [await solved(apps[0], { tierSet: [2, 3] }), await solved(apps[1], { tierSet: [2, 3] })];
  const router = L * d * (2 + 2 * G + 2 * 2 * E);
  const experts = L * (8 + 1) * 3 * d * F;
  assert.equal(a.predictedLatencyMs, (router + experts * 4) / 1e6);
  assert.equal(b.predictedLatencyMs, (router + experts) / 1e6);
});

test('budget.infeasible-returns-minimum: an impossible budget gets k 1/1/1 instead of E_BUDGET_INFEASIBLE', async () => {
  const [clean, faulty] = await pair('budget.infeasible-returns-minimum');
  assertError(await solve(clean, { latencyMs: 1e-6 }), 422, 'E_BUDGET_INFEASIBLE');
  assert.deepEqual((await solved(faulty, { latencyMs: 1e-6 })).topK, { tier: 1, group: 1, expert: 1 });
});

test('budget.latency-budget-ignored: a generation under a tight latency budget runs at full k', async () => {
  const [clean, faulty] = await pair('budget.latency-budget-ignored');
  const latencyMs = costOf(6, 1, 1, 1) / 1e6;
  assert.deepEqual((await solved(faulty, { latencyMs })).topK, { tier: 1, group: 1, expert: 1 });
  assert.equal(perRow(await generate(clean, { budget: { latencyMs } })), costOf(6, 1, 1, 1));
  assert.equal(perRow(await generate(faulty, { budget: { latencyMs } })), costOf(6, 2, 2, 2));
});

test('budget.ledger-scores-all-tiers: masked tiers are charged as scored', async () => {
  const [clean, faulty] = await pair('budget.ledger-scores-all-tiers');
  const [a, b] = [await generate(clean, { tierSet: [0, 4] }), await generate(faulty, { tierSet: [0, 4] })];
  assert.deepEqual(b.tokens, a.tokens, 'the routing itself is unchanged');
  assert.deepEqual([perRow(a), perRow(b)], [costOf(2, 2, 2, 2), costOf(6, 2, 2, 2)]);
});

test('budget.degrade-group-first: a cap between 2/2/1 and 2/1/2 lowers group k first', async () => {
  const [clean, faulty] = await pair('budget.degrade-group-first');
  const maxCost = costOf(6, 2, 2, 1);
  assert.ok(costOf(6, 2, 1, 2) < maxCost);
  assert.deepEqual((await solved(clean, { maxCost })).topK, { tier: 2, group: 2, expert: 1 });
  assert.deepEqual((await solved(faulty, { maxCost })).topK, { tier: 2, group: 1, expert: 2 });
});

test('budget.cost-cap-unchecked: a cap below 1/1/1 routes at 1/1/1 instead of E_BUDGET_COST', async () => {
  const [clean, faulty] = await pair('budget.cost-cap-unchecked');
  const maxCost = costOf(6, 1, 1, 1) - 1;
  assertError(await solve(clean, { maxCost }), 422, 'E_BUDGET_COST');
  assert.deepEqual((await solved(faulty, { maxCost })).topK, { tier: 1, group: 1, expert: 1 });
  assertError(await call(clean, 'POST', '/v1/generate', { body: { model: 'budget-wide', prompt: PROMPT, budget: { maxCost } } }), 422, 'E_BUDGET_COST');
});

test('budget.cost-router-uncharged: usage.cost counts expert multiply-adds only', async () => {
  const [clean, faulty] = await pair('budget.cost-router-uncharged');
  assert.equal(perRow(await generate(clean, {})), costOf(6, 2, 2, 2));
  assert.equal(perRow(await generate(faulty, {})), costOf(6, 2, 2, 2) - L * d * (6 + 2 * G + 4 * E));
});

test('budget.cost-omits-shared: the quoted cost per token leaves out the shared expert', async () => {
  const [clean, faulty] = await pair('budget.cost-omits-shared');
  assert.equal((await solved(clean, {})).costPerToken, costOf(6, 2, 2, 2));
  assert.equal((await solved(faulty, {})).costPerToken, costOf(6, 2, 2, 2) - L * 3 * d * F);
});
