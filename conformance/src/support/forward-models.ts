// Which model a name denotes for the forward and memory scenarios: the forward family (formatVersion 2), the
// built-in `default`, the router-only family, and the refused fixtures built for the runtime's declared limits.
// Also the oracle's forward result for a request, computed once per (model, sequences, seed).
import assert from 'node:assert/strict';
import { FORWARD_TIE_NAME, forwardFixture, forwardTieFixture, type ServedFixture } from '../fixtures/index.ts';
import {
  forwardRequest,
  modelParameterBytes,
  parseU64,
  type ForwardModel,
  type ForwardRequestResult,
  type RouterDescriptor,
  type RouterTensors,
} from '../oracle/index.ts';
import { BUILTIN_NAME, defaultModel } from './builtin/builtin-model.ts';
import { fixtureNamed } from './models.ts';
import { refusedFixtureNamed } from './refused-fixtures.ts';

/** A formatVersion 2 model the oracle can run: a forward family member or the built-in model. */
export function forwardModelNamed(name: string): ForwardModel {
  if (name === BUILTIN_NAME) return defaultModel();
  const fixture = name === FORWARD_TIE_NAME ? forwardTieFixture() : forwardFixture(name);
  if (fixture === undefined) throw new Error(`"${name}" is neither a forward family member nor the built-in model`);
  return fixture;
}

function isForwardName(name: string): boolean {
  return name === BUILTIN_NAME || name === FORWARD_TIE_NAME || forwardFixture(name) !== undefined;
}

/** Router tensors and descriptor of any routable model, whatever its format version. */
export function routerModelNamed(name: string): { descriptor: RouterDescriptor; tensors: RouterTensors } {
  if (isForwardName(name)) {
    const model = forwardModelNamed(name);
    return { descriptor: model.descriptor, tensors: model.weights };
  }
  const fixture = fixtureNamed(name);
  return { descriptor: fixture.descriptor, tensors: fixture.tensors };
}

/** The descriptor behind any model name a scenario uses. */
export function descriptorNamed(name: string): RouterDescriptor {
  if (isForwardName(name)) return forwardModelNamed(name).descriptor;
  return refusedFixtureNamed(name)?.descriptor ?? fixtureNamed(name).descriptor;
}

/** The Model id a name loads as (cm-small-reseeded loads as cm-small). */
export function modelIdOf(name: string): string {
  return descriptorNamed(name).name;
}

/** SPEC-006 §3: the resident bytes a runtime accounts for the model, 4 × its parameters. */
export function residentBytesOf(name: string): number {
  return modelParameterBytes(descriptorNamed(name));
}

const oracleResults = new Map<string, ForwardRequestResult>();

/** The oracle's binary64 forward result for these sequences under `seed` (cached: scenarios repeat requests). */
export function oracleForward(name: string, sequences: readonly (readonly number[])[], seed: bigint): ForwardRequestResult {
  const key = `${name}|${seed}|${JSON.stringify(sequences)}`;
  let result = oracleResults.get(key);
  if (result === undefined) {
    result = forwardRequest(forwardModelNamed(name), sequences, { routingSeed: seed });
    oracleResults.set(key, result);
  }
  return result;
}

/** The descriptor seed of a model as a u64. */
export function descriptorSeedOf(name: string): bigint {
  const seed = descriptorNamed(name).seed;
  assert.ok(typeof seed === 'string', `${name} has no seed`);
  return parseU64(seed);
}

/** What the fixture server serves under a name: its manifest bytes and shards. */
export function servedFixtureNamed(name: string): ServedFixture {
  if (name === FORWARD_TIE_NAME) return forwardTieFixture();
  return forwardFixture(name) ?? refusedFixtureNamed(name) ?? fixtureNamed(name);
}
