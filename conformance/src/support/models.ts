// Conformance-model helpers for steps: where the runtime fetches a fixture from, and what the oracle expects of it.
import { conformanceFixture, type ConformanceFixture } from '../fixtures/index.ts';
import type { ConformanceWorld } from './world.ts';

export function fixtureNamed(name: string): ConformanceFixture {
  const fixture = conformanceFixture(name);
  if (fixture === undefined) throw new Error(`"${name}" is not a model of the conformance family`);
  return fixture;
}

export function manifestUrlOf(world: ConformanceWorld, name: string): string {
  return `${world.params.fixtureBaseUrl}/models/${encodeURIComponent(name)}/manifest.json`;
}

/** The Model object a conforming runtime reports for a loaded fixture (SPEC-000, SPEC-004). */
export interface ModelObject {
  readonly id: string;
  readonly status: string;
  readonly manifestDigest: string;
  readonly descriptor: unknown;
  readonly parameters: number;
}
