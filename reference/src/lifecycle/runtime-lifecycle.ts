// The runtime state machine (SPEC-009). The runtime starts `initializing` and becomes `ready` once it serves.
// Control transitions follow a fixed table (§4.2); anything else is E_STATE_TRANSITION and changes nothing. `failed`
// is left only by a control reset. While `initializing`, `draining` or `failed`, new work requests (forward passes,
// routing, model loads) are refused with E_STATE_UNAVAILABLE; work admitted earlier completes. `since` counts legal
// control transitions and resets (§4.3), so a client can tell two visits to the same state apart.

import { RuntimeError } from '../errors.ts';
import { NO_FAULTS, type FaultSet } from '../faults.ts';

export const RUNTIME_STATES = ['initializing', 'ready', 'draining', 'degraded', 'failed'] as const;
export type RuntimeStateName = (typeof RUNTIME_STATES)[number];

export const TRANSITIONS = ['drain', 'resume', 'degrade', 'recover', 'fail'] as const;
export type TransitionName = (typeof TRANSITIONS)[number];

/** Legal transitions: the states each may start from, and where it leads. */
const TRANSITION_TABLE: Readonly<Record<TransitionName, { from: readonly RuntimeStateName[]; to: RuntimeStateName }>> = {
  drain: { from: ['ready'], to: 'draining' },
  resume: { from: ['draining'], to: 'ready' },
  degrade: { from: ['ready'], to: 'degraded' },
  recover: { from: ['degraded'], to: 'ready' },
  // Not from `failed`, which only reset leaves, nor from `initializing`, where no control transition applies.
  fail: { from: ['ready', 'draining', 'degraded'], to: 'failed' },
};

/** States in which new work requests are refused (SPEC-009 §4.1). */
const REFUSING: ReadonlySet<RuntimeStateName> = new Set(['initializing', 'draining', 'failed']);

export function isTransitionName(name: string): name is TransitionName {
  return (TRANSITIONS as readonly string[]).includes(name);
}

export class RuntimeLifecycle {
  private current: RuntimeStateName = 'initializing';
  private changes = 0;
  private readonly countTransitions: boolean;
  private readonly lenient: boolean;
  private readonly refusing: ReadonlySet<RuntimeStateName>;
  private readonly resetLeavesFailed: boolean;

  constructor(faults: FaultSet = NO_FAULTS) {
    // FAULT state.transition-since-unchanged: legal transitions leave `since` as it was.
    this.countTransitions = !faults.has('state.transition-since-unchanged');
    // FAULT state.lenient-transitions: an illegal transition is answered as a success and changes nothing.
    this.lenient = faults.has('state.lenient-transitions');
    // FAULT state.drain-admits-work: draining takes new work like ready.
    this.refusing = faults.has('state.drain-admits-work') ? new Set(['initializing', 'failed']) : REFUSING;
    // FAULT state.reset-keeps-failed: reset from failed stays failed.
    this.resetLeavesFailed = faults.has('state.reset-keeps-failed');
  }

  get state(): RuntimeStateName {
    return this.current;
  }

  /** Legal control transitions and resets since start (SPEC-009 §4.3); it never decreases. */
  get since(): number {
    return this.changes;
  }

  /** initializing -> ready, once the server is serving; the runtime's own step, not counted in `since`. */
  markServing(): void {
    if (this.current === 'initializing') this.current = 'ready';
  }

  /** Applies a control transition; E_STATE_TRANSITION (state unchanged) when the table does not allow it here. */
  apply(transition: TransitionName): RuntimeStateName {
    const rule = TRANSITION_TABLE[transition];
    // REQ-009-003: an illegal transition changes neither the state nor `since`.
    if (!rule.from.includes(this.current)) {
      if (this.lenient) return this.current;
      throw new RuntimeError('E_STATE_TRANSITION', `${transition} is not allowed in state ${this.current}`);
    }
    this.current = rule.to;
    if (this.countTransitions) this.changes++;
    return this.current;
  }

  /** Control reset: back to ready from any state, counted even when already ready (REQ-009-007). */
  reset(): void {
    if (!(this.resetLeavesFailed && this.current === 'failed')) this.current = 'ready';
    this.changes++;
  }

  /** Counts a change that is not a transition (only the state.since-counts-loads fault calls it). */
  countChange(): void {
    this.changes++;
  }

  /** REQ-009-004: throws E_STATE_UNAVAILABLE when the runtime takes no new work; `what` names the refused request. */
  admit(what: string): void {
    if (this.refusing.has(this.current)) {
      throw new RuntimeError('E_STATE_UNAVAILABLE', `the runtime is ${this.current} and takes no new ${what}`);
    }
  }
}
