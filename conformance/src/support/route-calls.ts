// The route requests of a scenario: what was sent last (so checks can recompute it with the oracle), the result,
// the seed a conforming runtime must have used, and the input vectors scenarios route.
import assert from 'node:assert/strict';
import { inputMatrix, parseU64 } from '../oracle/index.ts';
import { sendRecorded } from './exchanges.ts';
import { routerModelNamed } from './forward-models.ts';
import type { Principal } from './principals.ts';
import type { RouteResult } from './routing-check.ts';
import type { ConformanceWorld } from './world.ts';

export interface RouteCall {
  readonly model: string;
  readonly layer: number;
  readonly hidden: number[][];
}

const LAST_CALL = 'last route call';
const SEED_OVERRIDE = 'routing seed override';

export async function route(world: ConformanceWorld, who: Principal, call: RouteCall): Promise<void> {
  world.remembered.set(LAST_CALL, call);
  await sendRecorded(world, who, { method: 'POST', path: '/v1/route', body: call });
}

export function lastCall(world: ConformanceWorld): RouteCall {
  return world.recall<RouteCall>(LAST_CALL);
}

/** Routes `call` again as the admin, outside the recorded exchange, and returns its checked result. */
export async function routeAgain(world: ConformanceWorld, call: RouteCall, what: string): Promise<RouteResult> {
  const response = await world.api.request({ method: 'POST', path: '/v1/route', token: world.token('admin'), body: call });
  assert.equal(response.status, 200, `${what}: ${response.status} ${response.text.slice(0, 500)}`);
  return world.api.validate<RouteResult>(response, 'protocol/route-result', what);
}

/** The successful RouteResult of the last request, schema-validated. */
export function lastRoute(world: ConformanceWorld): RouteResult {
  assert.equal(world.last.status, 200, `routing failed: ${world.last.status} ${world.last.text.slice(0, 500)}`);
  return world.api.validate<RouteResult>(world.last, 'protocol/route-result', 'POST /v1/route');
}

/** Records the control seed override the scenario set (null: cleared by a reset). */
export function noteSeedOverride(world: ConformanceWorld, seed: string | null): void {
  if (seed === null) world.remembered.delete(SEED_OVERRIDE);
  else world.remembered.set(SEED_OVERRIDE, seed);
}

/** The seed a conforming runtime must route with: the control override if set, else the model's seed (SPEC-003). */
export function expectedSeed(world: ConformanceWorld, model: string): bigint {
  const override = world.remembered.get(SEED_OVERRIDE) as string | undefined;
  return parseU64(override ?? routerModelNamed(model).descriptor.seed);
}

/** Fixture vectors first..last of a model (SPEC-010 §4.6): dyadic, so every score is exact. */
export function fixtureInputs(name: string, first: number, last: number): number[][] {
  const { descriptor } = routerModelNamed(name);
  return inputMatrix(descriptor.seed, first, last - first + 1, descriptor.dModel);
}

/**
 * Rows whose elements are not dyadic (thirds plus tenths): scores are inexact and may depend on summation order,
 * which is what the reproducibility requirements of SPEC-010 §4.9 must hold against.
 */
export function nonDyadicRows(count: number, d: number): number[][] {
  return Array.from({ length: count }, (_, v) => Array.from({ length: d }, (_, j) => (((v * 7 + j * 13) % 29) - 14) / 10 + 1 / 3));
}

export function zeroRows(count: number, length: number): number[][] {
  return Array.from({ length: count }, () => new Array<number>(length).fill(0));
}
