// The forward oracle on a small generated v2 model: causality, digests, traces and the agreement of its two
// arithmetics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { BINARY32, BINARY64 } from './arithmetic.ts';
import { decisive, decisivePrefix, logitsClose, traceIds } from './comparison-policy.ts';
import { hasOracleCode } from './errors.ts';
import { requestDigest, sequenceDigest } from './forward-digest.ts';
import { forwardRequest, forwardSequence } from './forward.ts';
import { generateForwardWeights } from './forward-weights.ts';
import type { ForwardModel } from './forward-types.ts';
import type { ForwardDescriptor } from './types.ts';

const descriptor: ForwardDescriptor = {
  family: 'litellm-conformance', formatVersion: 2, name: 'cm-fwd-unit', seed: '77',
  dModel: 8, layers: 2, hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 3 }, topK: { tier: 1, group: 2, expert: 2 },
  vocab: 16, heads: 2, dFF: 8, sharedExpert: true, ropeBase: 10000, maxSeq: 8,
};
const model: ForwardModel = { descriptor, weights: generateForwardWeights(descriptor) };
const tokenArb = fc.integer({ min: 0, max: descriptor.vocab - 1 });
const sequenceArb = fc.array(tokenArb, { minLength: 1, maxLength: descriptor.maxSeq });

void test('causal masking: changing a later token never changes an earlier token\'s result', () => {
  const cases = fc.array(tokenArb, { minLength: 2, maxLength: descriptor.maxSeq }).chain((tokens) =>
    fc.tuple(fc.constant(tokens), fc.integer({ min: 1, max: tokens.length - 1 }), tokenArb));
  fc.assert(
    fc.property(cases, ([tokens, at, replacement]) => {
      fc.pre(tokens[at] !== replacement);
      const changed = tokens.map((t, i) => (i === at ? replacement : t));
      for (const arithmetic of [BINARY32, BINARY64]) {
        const before = forwardSequence(model, tokens, { arithmetic }).tokens.slice(0, at);
        const after = forwardSequence(model, changed, { arithmetic }).tokens.slice(0, at);
        assert.deepEqual(after, before, arithmetic.name);
      }
    }),
    { numRuns: 25 },
  );
});

void test('a request is its sequences computed alone, in any composition; digests chain token → sequence → request', () => {
  fc.assert(
    fc.property(fc.array(sequenceArb, { minLength: 1, maxLength: 3 }), (sequences) => {
      const request = forwardRequest(model, sequences, { arithmetic: BINARY32 });
      assert.equal(request.model, 'cm-fwd-unit');
      assert.equal(request.seed, '77');
      request.sequences.forEach((s, i) => {
        assert.deepEqual(s, forwardSequence(model, sequences[i] ?? [], { arithmetic: BINARY32 }));
        assert.equal(s.digest, sequenceDigest(s.tokens.map((t) => t.digest)));
        for (const t of s.tokens) {
          const bytes = Buffer.from(Float32Array.from(t.logits).buffer);
          assert.equal(t.digest, createHash('sha256').update(bytes).digest('hex'));
        }
      });
      assert.equal(request.digest, requestDigest(request.sequences.map((s) => s.digest)));
      const reversed = forwardRequest(model, [...sequences].reverse(), { arithmetic: BINARY32 });
      assert.deepEqual(reversed.sequences, [...request.sequences].reverse());
    }),
    { numRuns: 15 },
  );
});

void test('traces: one route per layer with kT·kG·kE experts in output order, gates summing to 1', () => {
  const result = forwardSequence(model, [3, 1, 4, 1, 5, 9, 2, 6]);
  const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = descriptor.hierarchy;
  for (const token of result.tokens) {
    assert.deepEqual(token.routes.map((r) => r.layer), [0, 1]);
    assert.equal(token.margins.length, 2);
    assert.equal(token.logits.length, descriptor.vocab);
    for (const route of token.routes) {
      assert.equal(route.experts.length, 4);
      assert.equal(new Set(route.experts.map((e) => e.id)).size, 4);
      for (const e of route.experts) {
        assert.deepEqual(Object.keys(e), ['tier', 'group', 'expert', 'id', 'gate']);
        assert.equal(e.id, (e.tier * G + e.group) * E + e.expert);
        assert.ok(e.id < T * G * E && e.gate > 0 && e.gate <= 1);
      }
      assert.ok(Math.abs(route.experts.reduce((a, e) => a + e.gate, 0) - 1) <= 1e-12);
      assert.equal(new Set(route.experts.map((e) => e.tier)).size, 1, 'kT = 1');
    }
  }
});

void test('the binary32 exact-order result stays within the logits tolerance of binary64 where routing is decisive', () => {
  let compared = 0;
  fc.assert(
    fc.property(sequenceArb, (tokens) => {
      const exact = forwardSequence(model, tokens, { arithmetic: BINARY64 });
      const rounded = forwardSequence(model, tokens, { arithmetic: BINARY32 });
      for (const t of rounded.tokens) assert.ok(t.logits.every((v) => Math.fround(v) === v), 'binary32 values');
      for (let i = 0; i < decisivePrefix(exact); i += 1) {
        const [e, r] = [exact.tokens[i], rounded.tokens[i]];
        assert.ok(e && r);
        assert.ok(logitsClose(r.logits, e.logits), `token ${i}`);
        assert.deepEqual(traceIds(r.routes), traceIds(e.routes));
        compared += 1;
      }
    }),
    { numRuns: 30 },
  );
  assert.ok(compared > 30, `compared ${compared} tokens`);
});

void test('the routing seed only breaks exact ties: decisive tokens route the same under any seed', () => {
  const tokens = [0, 15, 7, 7, 2];
  const own = forwardSequence(model, tokens);
  const other = forwardSequence(model, tokens, { routingSeed: 123456789n });
  own.tokens.forEach((t, i) => {
    if (decisive(t)) assert.deepEqual(other.tokens[i]?.routes, t.routes);
  });
  assert.equal(forwardRequest(model, [tokens], { routingSeed: 5n }).seed, '5');
});

void test('misuse is refused with stable codes', () => {
  const v1 = { ...descriptor, formatVersion: 1 } as unknown as ForwardDescriptor;
  assert.throws(() => forwardSequence({ descriptor: v1, weights: model.weights }, [1]), (e) => hasOracleCode(e, 'E_FORWARD_UNSUPPORTED'));
  for (const tokens of [[], new Array<number>(9).fill(0), [16], [-1], [1.5]]) {
    assert.throws(() => forwardSequence(model, tokens), (e) => hasOracleCode(e, 'E_PROTOCOL_BAD_REQUEST'), JSON.stringify(tokens));
  }
  assert.throws(() => forwardRequest(model, []), (e) => hasOracleCode(e, 'E_PROTOCOL_BAD_REQUEST'));
  const partial = new Map(model.weights);
  partial.delete('layers.1.shared.w2.weight');
  assert.throws(() => forwardSequence({ descriptor, weights: partial }, [1]), (e) => hasOracleCode(e, 'E_MODEL_FORMAT'));
});
