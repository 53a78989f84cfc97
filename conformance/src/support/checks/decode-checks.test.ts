import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forwardFixture } from '../../fixtures/forward-family.ts';
import { decode, decodeParameters } from '../../oracle/generation.ts';
import { forwardSequence, inputTokens } from '../../oracle/index.ts';
import { decodeProblems, greedyOracleAgreement, sampledCandidates } from './decode-checks.ts';

const rows = [[0, 5, 1], [3, 0, 0], [0, 0, 9], [1, 1, 0]];

test('a completion that follows the rule has no problems; a changed token or a wrong end is reported', () => {
  const parameters = decodeParameters({ maxTokens: 4 });
  const generation = { prompt: [1], tokens: [1, 0, 2, 0], finishReason: 'length' };
  assert.deepEqual(decodeProblems(generation, parameters, generation.tokens, rows), []);
  assert.equal(decodeProblems(generation, parameters, [1, 0, 1, 0], rows).length, 1);
  assert.equal(decodeProblems({ ...generation, tokens: [1, 0, 2] }, decodeParameters({ maxTokens: 5 }), [1, 0, 2], rows).length, 1);
});

test('a stop result stands for its tokens plus one stop sequence, longest first, and an earlier stop is reported', () => {
  const parameters = decodeParameters({ maxTokens: 4, stop: [[2], [0, 2]] });
  const generation = { prompt: [1], tokens: [1], finishReason: 'stop' };
  assert.deepEqual(sampledCandidates(generation, parameters), [[1, 0, 2], [1, 2]]);
  assert.deepEqual(decodeProblems(generation, parameters, [1, 0, 2], rows), []);
  const late = decodeParameters({ maxTokens: 4, stop: [[0]] });
  assert.ok(decodeProblems({ prompt: [1], tokens: [1, 0, 2], finishReason: 'stop' }, late, [1, 0, 2, 0], rows).some((p) => p.includes('already ended')));
});

test('greedy agreement compares the decisive steps of a fixture and catches a changed token', () => {
  const model = forwardFixture('cm-fwd-small');
  assert.ok(model !== undefined);
  const prompt = inputTokens(model.descriptor.seed, 2, model.descriptor.maxSeq, 256).slice(0, 5);
  const out = decode(prompt, decodeParameters({ maxTokens: 8 }), (s) => forwardSequence(model, s).tokens.at(-1)?.logits ?? []);
  const oracle = forwardSequence(model, [...prompt, ...out.sampled.slice(0, -1)]);
  const agreement = greedyOracleAgreement(prompt.length, out.sampled, oracle);
  assert.ok(agreement.compared > 0);
  assert.deepEqual(agreement.problems, []);
  const changed = [...out.sampled];
  changed[0] = ((changed[0] ?? 0) + 1) % 256;
  assert.equal(greedyOracleAgreement(prompt.length, changed, oracle).problems.length, 1);
});
