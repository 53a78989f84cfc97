import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardFixture, forwardInputs } from '../../fixtures/index.ts';
import { BINARY32, forwardRequest, tokenFlops, tokenParameterBytes, type ForwardDescriptor } from '../../oracle/index.ts';
import {
  checkBinary32Logits,
  checkFlops,
  checkParameterBytes,
  checkResultShape,
  checkSequenceDigests,
  checkTokenDigests,
  checkTraceStructure,
  type ForwardResult,
} from './forward-result-checks.ts';

/** What a correct runtime answers with trace and logits: the oracle's exact-order binary32 result. */
function runtimeLike(name: string): { result: ForwardResult; d: ForwardDescriptor; sequences: number[][] } {
  const fixture = forwardFixture(name);
  assert.ok(fixture);
  const d = fixture.descriptor;
  const sequences = forwardInputs(d).map((i) => i.tokens);
  const oracle = forwardRequest(fixture, sequences, { arithmetic: BINARY32 });
  const result: ForwardResult = {
    model: oracle.model,
    seed: oracle.seed,
    digest: oracle.digest,
    sequences: oracle.sequences.map((s) => ({
      digest: s.digest,
      tokens: s.tokens.map((t, p) => ({ digest: t.digest, logits: t.logits, routes: t.routes, flops: tokenFlops(d, p), parameterBytes: tokenParameterBytes(d) })),
    })),
  };
  return { result, d, sequences };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

function mutated(result: ForwardResult, change: (r: Mutable<ForwardResult>) => void): ForwardResult {
  const copy = structuredClone(result) as Mutable<ForwardResult>;
  change(copy);
  return copy;
}

const small = runtimeLike('cm-fwd-small');
const first = <R extends ForwardResult>(r: R) => r.sequences[0]!.tokens[0]! as R['sequences'][number]['tokens'][number];

void test('a correct result passes every check', () => {
  const { result, d, sequences } = small;
  assert.deepEqual(checkResultShape(result, { model: d.name, sequences, trace: true, logits: true, vocab: d.vocab, layers: d.layers }), []);
  assert.deepEqual(checkBinary32Logits(result), []);
  assert.deepEqual(checkTokenDigests(result), []);
  assert.deepEqual(checkSequenceDigests(result), []);
  assert.deepEqual(checkTraceStructure(result, d), []);
  assert.deepEqual(checkFlops(result, d), []);
  assert.deepEqual(checkParameterBytes(result, d), []);
});

void test('shape: sequence order, counts and the presence of logits and routes follow the request', () => {
  const { result, d, sequences } = small;
  const expect = { model: d.name, sequences, trace: true, logits: true, vocab: d.vocab, layers: d.layers };
  assert.equal(checkResultShape(result, { ...expect, logits: false }).length, 50);
  assert.equal(checkResultShape(result, { ...expect, trace: false }).length, 50);
  assert.ok(checkResultShape(result, { ...expect, sequences: [...sequences].reverse() }).length > 0);
  assert.ok(checkResultShape(mutated(result, (r) => r.sequences.pop()), expect).length > 0);
  assert.ok(checkResultShape(mutated(result, (r) => first(r).routes?.reverse()), expect).length > 0);
  assert.ok(checkResultShape(mutated(result, (r) => first(r).logits?.pop()), expect).length > 0);
});

void test('digests: binary32 logits, token digests over them, sequence and result digests', () => {
  const { result } = small;
  assert.equal(checkBinary32Logits(mutated(result, (r) => (first(r).logits![3] = 0.1))).length, 1);
  assert.equal(checkTokenDigests(mutated(result, (r) => (first(r).logits![3] = first(r).logits![3]! + 2 ** -10))).length, 1);
  assert.equal(checkTokenDigests(mutated(result, (r) => delete first(r).logits)).length, 1);
  const swapped = mutated(result, (r) => r.sequences[0]!.tokens.reverse());
  assert.equal(checkSequenceDigests(swapped).length, 1, 'token order is part of the sequence digest');
  assert.equal(checkSequenceDigests(mutated(result, (r) => r.sequences.reverse())).length, 1);
});

void test('trace structure: counts, adjacency, ids, uniqueness, gate sum', () => {
  const { result, d } = small;
  const experts = (r: ForwardResult) => first(r).routes![0]!.experts;
  assert.ok(checkTraceStructure(mutated(result, (r) => (experts(r)[0]!.id += 1)), d).length > 0);
  assert.ok(checkTraceStructure(mutated(result, (r) => experts(r).pop()), d).length > 0);
  assert.ok(checkTraceStructure(mutated(result, (r) => (experts(r)[0]!.gate += 1e-6)), d).length > 0);
  // cm-fwd-small selects 2 experts in each of 2 groups: interleaving the groups breaks adjacency.
  const interleaved = mutated(result, (r) => {
    const x = experts(r);
    [x[1], x[2]] = [x[2]!, x[1]!];
  });
  assert.ok(checkTraceStructure(interleaved, d).some((p) => p.includes('adjacent')));
  const duplicated = mutated(result, (r) => (experts(r)[1] = { ...experts(r)[0]! }));
  assert.ok(checkTraceStructure(duplicated, d).some((p) => p.includes('twice')));
});

void test('accounting: each FLOP term per position and the parameter bytes', () => {
  const { result, d } = small;
  const noPosition = mutated(result, (r) => r.sequences.forEach((s) => s.tokens.forEach((t) => (t.flops.attention = tokenFlops(d, 0).attention))));
  assert.equal(checkFlops(noPosition, d).length, 50 - 4, 'every token but the four at position 0');
  assert.equal(checkParameterBytes(mutated(result, (r) => (first(r).parameterBytes += 4)), d).length, 1);
  const wide = forwardFixture('cm-fwd-wide');
  assert.ok(wide);
  assert.ok(checkFlops(result, wide.descriptor).length > 0, 'the router term grows with the hierarchy');
});
