// The runtime state machine of SPEC-009 §4.2 as data: which transition leads where from which state, and how the
// harness reaches each state from `ready` (the state every scenario starts in after its reset).
export type RuntimeState = 'initializing' | 'ready' | 'draining' | 'degraded' | 'failed';
export type Transition = 'drain' | 'resume' | 'degrade' | 'recover' | 'fail';

export const TRANSITIONS: readonly Transition[] = ['drain', 'resume', 'degrade', 'recover', 'fail'];

/** The legal cells of the table; every other (state, transition) pair is illegal (E_STATE_TRANSITION). */
const LEGAL: Readonly<Record<RuntimeState, Partial<Record<Transition, RuntimeState>>>> = {
  ready: { drain: 'draining', degrade: 'degraded', fail: 'failed' },
  draining: { resume: 'ready', fail: 'failed' },
  degraded: { recover: 'ready', fail: 'failed' },
  failed: {},
  initializing: {},
};

/** The state a transition leads to, or null when SPEC-009 marks it illegal. */
export function nextState(from: RuntimeState, transition: Transition): RuntimeState | null {
  return LEGAL[from][transition] ?? null;
}

/** The shortest transitions from `ready` to `state`; null for `initializing`, which the harness cannot reach. */
export function pathFromReady(state: RuntimeState): Transition[] | null {
  switch (state) {
    case 'ready':
      return [];
    case 'draining':
      return ['drain'];
    case 'degraded':
      return ['degrade'];
    case 'failed':
      return ['fail'];
    case 'initializing':
      return null;
  }
}

/** Every (state, transition) pair reachable from `ready`, split by legality. */
export function transitionCells(): { legal: [RuntimeState, Transition, RuntimeState][]; illegal: [RuntimeState, Transition][] } {
  const legal: [RuntimeState, Transition, RuntimeState][] = [];
  const illegal: [RuntimeState, Transition][] = [];
  for (const from of ['ready', 'draining', 'degraded', 'failed'] as const) {
    for (const t of TRANSITIONS) {
      const to = nextState(from, t);
      if (to === null) illegal.push([from, t]);
      else legal.push([from, t, to]);
    }
  }
  return { legal, illegal };
}

export function isRuntimeState(value: string): value is RuntimeState {
  return ['initializing', 'ready', 'draining', 'degraded', 'failed'].includes(value);
}
