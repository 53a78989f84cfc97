// The forward requests of a scenario (SPEC-002): what was sent last, so checks can recompute it with the oracle
// and re-send it, the checked result, the sequences scenarios send, and the options they name in plain words.
import assert from 'node:assert/strict';
import type { ForwardResult } from './checks/forward-result-checks.ts';
import { sendRecorded } from './exchanges.ts';
import { forwardModelNamed } from './forward-models.ts';
import { sequenceFromWords, type ForwardOptions } from './words/forward-words.ts';
import type { Principal } from './principals.ts';
import type { ConformanceWorld } from './world.ts';

export type { ForwardResult } from './checks/forward-result-checks.ts';
export { parseForwardOptions, type ForwardOptions } from './words/forward-words.ts';

export interface ForwardCall extends ForwardOptions {
  readonly model: string;
  readonly sequences: number[][];
}

const LAST_CALL = 'last forward call';

export async function forward(world: ConformanceWorld, who: Principal, call: ForwardCall): Promise<void> {
  world.remembered.set(LAST_CALL, call);
  await sendRecorded(world, who, { method: 'POST', path: '/v1/forward', body: call });
}

export function lastForwardCall(world: ConformanceWorld): ForwardCall {
  return world.recall<ForwardCall>(LAST_CALL);
}

/** The successful forward result of the last request, schema-validated. */
export function lastForward(world: ConformanceWorld): ForwardResult {
  assert.equal(world.last.status, 200, `the forward request failed: ${world.last.status} ${world.last.text.slice(0, 500)}`);
  return world.api.validate<ForwardResult>(world.last, 'protocol/forward-result', 'POST /v1/forward');
}

/** Sends `call` again as the admin, outside the recorded exchange, and returns its checked result. */
export async function forwardAgain(world: ConformanceWorld, call: ForwardCall, what: string): Promise<ForwardResult> {
  const response = await world.api.request({ method: 'POST', path: '/v1/forward', token: world.token('admin'), body: call });
  assert.equal(response.status, 200, `${what}: ${response.status} ${response.text.slice(0, 500)}`);
  return world.api.validate<ForwardResult>(response, 'protocol/forward-result', what);
}

/** A comma-separated list of sequences in words, for the named forward model. */
export function sequencesFromWords(list: string, model: string): number[][] {
  const d = forwardModelNamed(model).descriptor;
  return list.split(',').map((words) => sequenceFromWords(words, d));
}

/** The four fixture inputs SPEC-004 §4.7 gives every forward model: hello, fixture sequence 0 at maxSeq, 1:5, 2:1. */
export function fixtureSequences(model: string): number[][] {
  return sequencesFromWords('hello, max, 1:5, 2:1', model);
}
