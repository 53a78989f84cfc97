// Conformance-model helpers for steps: which fixture a name denotes (including those built on demand for the
// runtime's declared limits), where the runtime fetches it from, and the fixture server that serves it.
import assert from 'node:assert/strict';
import {
  FORWARD_TIE_NAME,
  capacityFixture,
  capacityIndex,
  conformanceFixture,
  fixtureServerAt,
  forwardTieFixture,
  limitDFixture,
  oversizeFixture,
  type ConformanceFixture,
  type FixtureServer,
} from '../fixtures/index.ts';
import { REFUSED_FIXTURE_NAMES, refusedFixtureNamed } from './refused-fixtures.ts';
import { runtimeInfo } from './run-context.ts';
import type { ConformanceWorld } from './world.ts';

const FIXTURE_LOG_MARK = 'fixture server log length before the last load';

/** The fixture a name denotes: the family, a capacity copy, or a limit fixture sized to the runtime's limits. */
export function fixtureNamed(name: string): ConformanceFixture {
  const fixture = conformanceFixture(name) ?? onDemandFixture(name);
  if (fixture === undefined) throw new Error(`"${name}" is not a model of the conformance family`);
  return fixture;
}

function onDemandFixture(name: string): ConformanceFixture | undefined {
  const copy = capacityIndex(name);
  if (copy !== undefined) return capacityFixture(copy);
  if (name === 'cm-oversize') return oversizeFixture(runtimeInfo().limits.maxManifestBytes ?? Number.NaN);
  if (name === 'cm-limit-d') return limitDFixture(runtimeInfo().limits.maxDModel ?? Number.NaN);
  return undefined;
}

export function manifestUrlOf(world: ConformanceWorld, name: string): string {
  return `${world.params.fixtureBaseUrl}/models/${encodeURIComponent(name)}/manifest.json`;
}

/** The fixture server of this run: it runs in the harness's process (see fixtures/server.ts). */
export function fixtureServer(world: ConformanceWorld): FixtureServer {
  const server = fixtureServerAt(world.params.fixtureBaseUrl);
  assert.ok(server !== undefined, `no fixture server of this process listens at ${world.params.fixtureBaseUrl}`);
  return server;
}

/**
 * Called before a load: serves the limit and refused fixtures sized for this runtime (capacity copies are served on
 * demand by the server itself) and marks the fixture server's request log, so steps can see what this load fetched.
 */
export function prepareLoad(world: ConformanceWorld, name: string): void {
  const server = fixtureServerAt(world.params.fixtureBaseUrl);
  if (server === undefined) return;
  if (name === 'cm-oversize' || name === 'cm-limit-d') server.serve(fixtureNamed(name));
  // The refused forward fixtures depend on declared limits too (SPEC-004 §4.7, SPEC-005 §4.4).
  const refused = REFUSED_FIXTURE_NAMES.includes(name) ? refusedFixtureNamed(name) : undefined;
  if (refused !== undefined) server.serve(refused);
  // The tied forward model is the harness's own (SPEC-008 §4.2 needs a forward whose layers show their seed).
  if (name === FORWARD_TIE_NAME) server.serve(forwardTieFixture());
  world.remembered.set(FIXTURE_LOG_MARK, server.requests.length);
}

/** Paths the fixture server was asked for since the last load began. */
export function fixtureRequestsSinceLoad(world: ConformanceWorld): string[] {
  const mark = world.recall<number>(FIXTURE_LOG_MARK);
  return fixtureServer(world).requests.slice(mark).map((r) => r.path);
}

/** The Model object a conforming runtime reports for a loaded fixture (SPEC-000, SPEC-004). */
export interface ModelObject {
  readonly id: string;
  readonly status: string;
  readonly manifestDigest: string;
  readonly descriptor: unknown;
  readonly parameters: number;
}

/** The body of GET /v1/models/{id} (as the admin), checked as a Model. */
export async function fetchModel(world: ConformanceWorld, id: string): Promise<ModelObject> {
  const response = await world.api.request({ method: 'GET', path: `/v1/models/${encodeURIComponent(id)}`, token: world.token('admin') });
  assert.equal(response.status, 200, `GET /v1/models/${id}: ${response.status} ${response.text.slice(0, 300)}`);
  return world.api.validate<ModelObject>(response, 'protocol/model', `GET /v1/models/${id}`);
}

/** The body of GET /v1/models (as the admin), checked as a model list. */
export async function fetchModelList(world: ConformanceWorld): Promise<ModelObject[]> {
  const response = await world.api.request({ method: 'GET', path: '/v1/models', token: world.token('admin') });
  assert.equal(response.status, 200, `GET /v1/models: ${response.status} ${response.text.slice(0, 300)}`);
  return world.api.validate<{ models: ModelObject[] }>(response, 'protocol/model-list', 'GET /v1/models').models;
}
