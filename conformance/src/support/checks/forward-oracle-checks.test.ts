import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardFixture, forwardInputs } from '../../fixtures/index.ts';
import { BINARY32, forwardRequest, type ForwardModel, type ForwardRequestResult, type RouteMargins } from '../../oracle/index.ts';
import { defaultModel } from '../builtin/builtin-model.ts';
import { comparableLogits, comparablePairs, compareLogits, compareTraces, wellSeparated } from './forward-oracle-checks.ts';
import type { ForwardResult } from './forward-result-checks.ts';

function asRuntime(r: ForwardRequestResult): ForwardResult {
  const zero = { attention: 0, router: 0, experts: 0, output: 0, total: 0 };
  return {
    ...r,
    sequences: r.sequences.map((s) => ({ digest: s.digest, tokens: s.tokens.map((t) => ({ digest: t.digest, logits: t.logits, routes: t.routes, flops: zero, parameterBytes: 0 })) })),
  };
}

function both(model: ForwardModel): { oracle: ForwardRequestResult; runtime: ForwardResult } {
  const sequences = forwardInputs(model.descriptor).map((i) => i.tokens);
  return { oracle: forwardRequest(model, sequences), runtime: asRuntime(forwardRequest(model, sequences, { arithmetic: BINARY32 })) };
}

const margins = (value: number): RouteMargins => ({
  tier: { selection: value, order: Number.POSITIVE_INFINITY },
  group: { selection: 1, order: 1 },
  expert: { selection: 1, order: value },
});

void test('well separated: every level, selection and order, above 1e-3', () => {
  assert.equal(wellSeparated(margins(0.5)), true);
  assert.equal(wellSeparated(margins(1e-3)), false);
  assert.equal(wellSeparated(margins(2e-4)), false);
});

void test('a close decision excludes itself and every later-layer decision of it and later positions', () => {
  const token = (l0: number, l1: number) => ({ margins: [margins(l0), margins(l1)] });
  const sequence = { tokens: [token(1, 1), token(1e-4, 1), token(1, 1), token(1, 1e-4)], digest: '' } as unknown as Parameters<typeof comparablePairs>[0];
  assert.deepEqual(comparablePairs(sequence), [
    [true, true],
    [false, false],
    [true, false],
    [true, false],
  ]);
  assert.deepEqual(comparableLogits(sequence), [true, false, false, false]);
});

void test('the exact-order binary32 pass agrees with the binary64 oracle on every forward fixture', () => {
  for (const name of ['cm-fwd-tiny', 'cm-fwd-small']) {
    const fixture = forwardFixture(name);
    assert.ok(fixture);
    const { oracle, runtime } = both(fixture);
    const traces = compareTraces(runtime, oracle);
    assert.deepEqual(traces.problems, [], name);
    assert.equal(traces.compared, traces.total, `${name}: every decision is well separated`);
    const logits = compareLogits(runtime, oracle);
    assert.deepEqual(logits.problems, [], name);
    assert.equal(logits.compared, logits.total);
  }
});

void test('on the built-in model, close decisions are left out and the rest agrees', () => {
  const { oracle, runtime } = both(defaultModel());
  const traces = compareTraces(runtime, oracle);
  assert.deepEqual(traces.problems, []);
  assert.ok(traces.compared > 0 && traces.compared < traces.total, `${traces.compared} of ${traces.total}`);
  const logits = compareLogits(runtime, oracle);
  assert.deepEqual(logits.problems, []);
  assert.ok(logits.compared > 0 && logits.compared < logits.total);
});

void test('a different expert, a far gate or a far logit is a problem', () => {
  const fixture = forwardFixture('cm-fwd-small');
  assert.ok(fixture);
  const { oracle, runtime } = both(fixture);
  const change = (f: (r: ForwardResult) => void): ForwardResult => {
    const copy = structuredClone(runtime);
    f(copy);
    return copy;
  };
  const expert = (r: ForwardResult) => r.sequences[1]!.tokens[4]!.routes![1]!.experts[0]!;
  assert.equal(compareTraces(change((r) => (expert(r).id += 1)), oracle).problems.length, 1);
  assert.equal(compareTraces(change((r) => (expert(r).gate += 2e-3)), oracle).problems.length, 1);
  assert.equal(compareTraces(change((r) => r.sequences[0]!.tokens[0]!.routes!.reverse()), oracle).problems.length, 2);
  const logit = (r: ForwardResult) => r.sequences[2]!.tokens[0]!.logits!;
  const o = oracle.sequences[2]!.tokens[0]!.logits[7]!;
  assert.equal(compareLogits(change((r) => (logit(r)[7] = o + 0.9e-3 * (1 + Math.abs(o)))), oracle).problems.length, 0);
  assert.equal(compareLogits(change((r) => (logit(r)[7] = o + 1.1e-3 * (1 + Math.abs(o)))), oracle).problems.length, 1);
  assert.equal(compareLogits(change((r) => r.sequences.pop()), oracle).problems.length, 1);
});
