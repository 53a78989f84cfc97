// One well-formed request per route of SPEC-000 §4.1, with the status and response schema of its success. Used by
// scenarios that cross routes with credentials: the request must be correct in every other respect, so that the
// credential alone decides the outcome. Requests that name a model assume cm-tiny is loaded.
import { fixtureInputs } from './route-calls.ts';
import { manifestUrlOf } from './models.ts';
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
  };
}

/** The catalogued route named `label` ("METHOD /path" as SPEC-000 §4.1 writes it). */
export function cataloguedRoute(world: ConformanceWorld, label: string): CataloguedRoute {
  const entry = entries(world)[label];
  // A label outside the catalogue is a defect of the scenario, not of the runtime.
  if (entry === undefined) throw new Error(`"${label}" is not a route of SPEC-000 §4.1 (known: ${Object.keys(entries(world)).join(', ')})`);
  return entry;
}
