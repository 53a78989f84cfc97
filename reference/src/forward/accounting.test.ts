import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../clock.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { tokenFlops, tokenParameterBytes } from '../model/compute-accounting.ts';
import type { DescriptorV2 } from '../model/manifest-types.ts';
import { descriptorWith, forwardModel, ODD_DESCRIPTOR, sequenceOf } from '../test-support/forward-models.ts';
import { runForward } from './forward-engine.ts';

async function countsOf(descriptor: DescriptorV2, sequences: number[][]) {
  const result = await runForward(forwardModel(descriptor), sequences, { routingSeed: descriptor.seed, trace: false, logits: false }, {
    clock: new VirtualClock(), perLayerDelayMs: 0, deadlineAt: null,
  });
  return result.sequences.map((sequence) => sequence.tokens.map(({ flops, parameterBytes }) => ({ flops, parameterBytes })));
}

for (const descriptor of [DEFAULT_MODEL_DESCRIPTOR, ODD_DESCRIPTOR]) {
  test(`${descriptor.name}: executed FLOPs and parameter bytes of every token equal the SPEC-005 formula exactly`, async () => {
    const sequences = [sequenceOf(descriptor.maxSeq, descriptor.vocab, 5), sequenceOf(2, descriptor.vocab, 6)];
    const counts = await countsOf(descriptor, sequences);
    counts.forEach((tokens) => tokens.forEach(({ flops, parameterBytes }, position) => {
      assert.deepEqual(flops, tokenFlops(descriptor, position), `position ${position}`);
      assert.equal(parameterBytes, tokenParameterBytes(descriptor));
    }));
  });
}

test('the formula reproduces the worked example of SPEC-005 §4.2 for the builtin default model', () => {
  assert.deepEqual(tokenFlops(DEFAULT_MODEL_DESCRIPTOR, 0), { attention: 16640, router: 1536, experts: 122880, output: 16384, total: 157440 });
  assert.deepEqual([tokenFlops(DEFAULT_MODEL_DESCRIPTOR, 63).attention, tokenFlops(DEFAULT_MODEL_DESCRIPTOR, 63).total], [32768, 173568]);
  assert.equal(tokenParameterBytes(DEFAULT_MODEL_DESCRIPTOR), 315136);
});

test('expert FLOPs per token do not change when T·G·E grows 100x at fixed k; only router FLOPs grow', async () => {
  const small = descriptorWith({
    name: 'fan-64', dModel: 8, heads: 2, dFF: 8, layers: 1, maxSeq: 8, vocab: 16,
    hierarchy: { tiers: 4, groupsPerTier: 4, expertsPerGroup: 4 }, topK: { tier: 2, group: 2, expert: 2 },
  });
  const large = { ...small, name: 'fan-6400', hierarchy: { tiers: 16, groupsPerTier: 20, expertsPerGroup: 20 } };
  const sequence = [sequenceOf(8, 16, 3)];
  const [a, b] = [(await countsOf(small, sequence))[0]!, (await countsOf(large, sequence))[0]!];
  a.forEach((token, i) => {
    const other = b[i]!;
    assert.equal(other.flops.experts, token.flops.experts);
    assert.equal(other.flops.attention, token.flops.attention);
    assert.equal(other.flops.output, token.flops.output);
    assert.equal(other.flops.router - token.flops.router, 2 * 8 * ((16 - 4) + 2 * (20 - 4) + 4 * (20 - 4)));
  });
});
