// One well-formed request per route of SPEC-000 §4.1 and SPEC-001 §4.2, with the status and response schema of its
// success. Used by scenarios that cross routes with credentials or runtime states: the request must be correct in every
// other respect, so that the credential or the state alone decides the outcome. Requests that name a model assume
// cm-tiny is loaded; those of protocol 1.1 that run the forward pass or reload `default` assume it is loaded.
import { fixtureInputs } from './route-calls.ts';
import { manifestUrlOf } from './models.ts';
import { runtimeInfoOrNull } from './run-context.ts';
import type { SendOptions } from './exchanges.ts';
import type { ConformanceWorld } from './world.ts';

export interface CataloguedRoute {
  readonly request: SendOptions;
  readonly status: number;
  /** Response schema of the success; null for a 204 without a body. */
  readonly schema: string | null;
}

/** A tenant name no scenario provisions, and a seed no scenario sets, so their effects are distinguishable. */
export const CATALOGUE_TENANT = 'catalogue-tenant';
export const CATALOGUE_SEED = '4242';

function entries(world: ConformanceWorld): Record<string, CataloguedRoute> {
  return {
    'GET /v1/info': { request: { method: 'GET', path: '/v1/info' }, status: 200, schema: 'protocol/info' },
    'GET /v1/state': { request: { method: 'GET', path: '/v1/state' }, status: 200, schema: 'protocol/state' },
    'POST /v1/models': {
      request: { method: 'POST', path: '/v1/models', body: { manifestUrl: manifestUrlOf(world, 'cm-small') } },
      status: 201,
      schema: 'protocol/model',
    },
    'GET /v1/models': { request: { method: 'GET', path: '/v1/models' }, status: 200, schema: 'protocol/model-list' },
    'GET /v1/models/{id}': { request: { method: 'GET', path: '/v1/models/cm-tiny' }, status: 200, schema: 'protocol/model' },
    'DELETE /v1/models/{id}': { request: { method: 'DELETE', path: '/v1/models/cm-tiny' }, status: 204, schema: null },
    'POST /v1/route': {
      request: { method: 'POST', path: '/v1/route', body: { model: 'cm-tiny', layer: 0, hidden: fixtureInputs('cm-tiny', 0, 0) } },
      status: 200,
      schema: 'protocol/route-result',
    },
    'POST /v1/conformance/reset': { request: { method: 'POST', path: '/v1/conformance/reset' }, status: 200, schema: 'protocol/reset-response' },
    'PUT /v1/conformance/seed': {
      request: { method: 'PUT', path: '/v1/conformance/seed', body: { seed: CATALOGUE_SEED } },
      status: 200,
      schema: 'protocol/seed-response',
    },
    'GET /v1/conformance/seed': { request: { method: 'GET', path: '/v1/conformance/seed' }, status: 200, schema: 'protocol/seed-response' },
    'POST /v1/conformance/tenants': {
      request: { method: 'POST', path: '/v1/conformance/tenants', body: { name: CATALOGUE_TENANT } },
      status: 201,
      schema: 'protocol/tenant-response',
    },
    ...protocolOnePointOne(),
  };
}

function protocolOnePointOne(): Record<string, CataloguedRoute> {
  // The declared budget (at least the core minimum): setting it again is always within the bytes in use.
  const budget = runtimeInfoOrNull()?.limits.memoryBudgetBytes ?? 16777216;
  return {
    'POST /v1/forward': {
      request: { method: 'POST', path: '/v1/forward', body: { model: 'default', sequences: [[72, 101, 108]], trace: true, logits: true } },
      status: 200,
      schema: 'protocol/forward-result',
    },
    'GET /v1/memory': { request: { method: 'GET', path: '/v1/memory' }, status: 200, schema: 'protocol/memory' },
    'POST /v1/conformance/state': {
      request: { method: 'POST', path: '/v1/conformance/state', body: { transition: 'degrade' } },
      status: 200,
      schema: 'protocol/state',
    },
    'PUT /v1/conformance/delay': { request: { method: 'PUT', path: '/v1/conformance/delay', body: { perLayerMs: 0 } }, status: 200, schema: 'protocol/delay-request' },
    'PUT /v1/conformance/memory-budget': {
      request: { method: 'PUT', path: '/v1/conformance/memory-budget', body: { bytes: budget } },
      status: 200,
      schema: 'protocol/memory',
    },
    // A reload of the loaded built-in model: 200 with its Model (SPEC-001 §4.5).
    'POST /v1/models builtin': { request: { method: 'POST', path: '/v1/models', body: { builtin: 'default' } }, status: 200, schema: 'protocol/model' },
  };
}

/** The catalogued route named `label` ("METHOD /path" as SPEC-000 §4.1 writes it). */
export function cataloguedRoute(world: ConformanceWorld, label: string): CataloguedRoute {
  const entry = entries(world)[label];
  // A label outside the catalogue is a defect of the scenario, not of the runtime.
  if (entry === undefined) throw new Error(`"${label}" is not a route of SPEC-000 §4.1 (known: ${Object.keys(entries(world)).join(', ')})`);
  return entry;
}
