import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRuntimeError } from '../errors.ts';
import { RUNTIME_STATES, RuntimeLifecycle, TRANSITIONS, type RuntimeStateName, type TransitionName } from './runtime-lifecycle.ts';

// SPEC-009 §4.2, written out cell by cell.
const TABLE: Record<RuntimeStateName, Partial<Record<TransitionName, RuntimeStateName>>> = {
  initializing: {},
  ready: { drain: 'draining', degrade: 'degraded', fail: 'failed' },
  draining: { resume: 'ready', fail: 'failed' },
  degraded: { recover: 'ready', fail: 'failed' },
  failed: {},
};

/** A lifecycle driven into `state` through legal steps (initializing is only the state before serving). */
function inState(state: RuntimeStateName): RuntimeLifecycle {
  const lifecycle = new RuntimeLifecycle();
  if (state === 'initializing') return lifecycle;
  lifecycle.markServing();
  const path: Record<RuntimeStateName, TransitionName[]> = { initializing: [], ready: [], draining: ['drain'], degraded: ['degrade'], failed: ['fail'] };
  for (const step of path[state]) lifecycle.apply(step);
  return lifecycle;
}

test('every cell of the transition table: legal ones change state and count once, illegal ones change nothing', () => {
  for (const from of RUNTIME_STATES) {
    for (const transition of TRANSITIONS) {
      const lifecycle = inState(from);
      const since = lifecycle.since;
      const to = TABLE[from][transition];
      if (to === undefined) {
        assert.throws(() => lifecycle.apply(transition), (error) => isRuntimeError(error) && error.code === 'E_STATE_TRANSITION', `${from} ${transition}`);
        assert.deepEqual([lifecycle.state, lifecycle.since], [from, since]);
      } else {
        assert.equal(lifecycle.apply(transition), to);
        assert.deepEqual([lifecycle.state, lifecycle.since], [to, since + 1]);
      }
    }
  }
});

test('work is admitted only in ready and degraded; reset returns to ready from anywhere and always counts', () => {
  for (const state of RUNTIME_STATES) {
    const lifecycle = inState(state);
    const refused = ['initializing', 'draining', 'failed'].includes(state);
    if (refused) assert.throws(() => lifecycle.admit('work'), (error) => isRuntimeError(error) && error.code === 'E_STATE_UNAVAILABLE');
    else lifecycle.admit('work');
    const since = lifecycle.since;
    lifecycle.reset();
    assert.deepEqual([lifecycle.state, lifecycle.since], ['ready', since + 1]);
  }
});

test('starting to serve is the runtime\'s own step: it leaves initializing once and is not counted', () => {
  const lifecycle = new RuntimeLifecycle();
  lifecycle.markServing();
  lifecycle.apply('drain');
  lifecycle.markServing();
  assert.deepEqual([lifecycle.state, lifecycle.since], ['draining', 1]);
});
