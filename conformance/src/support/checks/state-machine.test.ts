import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRuntimeState, nextState, pathFromReady, transitionCells } from './state-machine.ts';

void test('the SPEC-009 table: 7 legal cells reachable from ready, 13 illegal ones', () => {
  const { legal, illegal } = transitionCells();
  assert.deepEqual(legal.map((c) => c.join(' ')), [
    'ready drain draining',
    'ready degrade degraded',
    'ready fail failed',
    'draining resume ready',
    'draining fail failed',
    'degraded recover ready',
    'degraded fail failed',
  ]);
  assert.equal(illegal.length, 13);
  assert.ok(illegal.every(([from, t]) => nextState(from, t) === null));
});

void test('failed and initializing have no way out but reset', () => {
  for (const t of ['drain', 'resume', 'degrade', 'recover', 'fail'] as const) {
    assert.equal(nextState('failed', t), null);
    assert.equal(nextState('initializing', t), null);
  }
});

void test('each reachable state has a path from ready that leads to it', () => {
  for (const state of ['ready', 'draining', 'degraded', 'failed'] as const) {
    const path = pathFromReady(state);
    assert.ok(path !== null);
    assert.equal(path.reduce<string | null>((s, t) => (s === null ? null : nextState(s as 'ready', t)), 'ready'), state);
  }
  assert.equal(pathFromReady('initializing'), null);
  assert.ok(isRuntimeState('degraded') && !isRuntimeState('paused'));
});
