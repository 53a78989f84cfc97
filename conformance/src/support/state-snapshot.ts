// "The state is unchanged": what a client can observe of runtime state, captured before a request and compared
// after it (SPEC-007 §4.4: a failed request leaves state unchanged; REQ-007-013 adds GET /v1/memory, and GET
// /v1/state carries the SPEC-009 state and its since counter). Read with the admin credential.
import { isDeepStrictEqual } from 'node:util';
import type { ConformanceWorld } from './world.ts';

export interface ObservableState {
  readonly state: unknown;
  readonly models: unknown;
  readonly memory: unknown;
  readonly seed: unknown;
}

export async function captureState(world: ConformanceWorld): Promise<ObservableState> {
  const token = world.token('admin');
  const read = async (path: string, schema: string): Promise<unknown> =>
    world.api.validate(await world.api.request({ method: 'GET', path, token }), schema, `GET ${path}`);
  return {
    state: await read('/v1/state', 'protocol/state'),
    models: await read('/v1/models', 'protocol/model-list'),
    memory: await read('/v1/memory', 'protocol/memory'),
    seed: await read('/v1/conformance/seed', 'protocol/seed-response'),
  };
}

export function describeStateChange(before: ObservableState, after: ObservableState): string | null {
  const changed = (['state', 'models', 'memory', 'seed'] as const).filter((k) => !isDeepStrictEqual(before[k], after[k]));
  if (changed.length === 0) return null;
  return changed
    .map((k) => `${k}: before ${JSON.stringify(before[k])}, after ${JSON.stringify(after[k])}`)
    .join('\n');
}
