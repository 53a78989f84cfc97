// Runs forward passes for requests (SPEC-002, SPEC-010): a layer at a time, yielding to the event loop between
// layers (and sleeping the control delay when one is set) so that concurrent requests interleave, with the request
// deadline checked at every layer boundary and before emission (SPEC-002 §4.4).

import type { Clock } from '../clock.ts';
import { RuntimeError } from '../errors.ts';
import { ForwardBatch } from './forward-batch.ts';
import { NO_FORWARD_FAULTS } from './forward-behaviour.ts';
import { digestOfDigests, logitsDigest } from './forward-digest.ts';
import type { ForwardModel, ForwardOptions, ForwardResult, ForwardSequence, ForwardToken } from './forward-types.ts';

export interface ForwardPacing {
  clock: Clock;
  /** Artificial delay before each layer (SPEC-002 §4.5), as in force when the request was admitted. */
  perLayerDelayMs: number;
  /** Clock reading after which the request fails with E_DEADLINE_EXCEEDED; null for none. */
  deadlineAt: number | null;
  /** Called before each layer; may throw to abort the request (only fault switches set it). */
  beforeLayer?: (batch: ForwardBatch) => void;
}

function checkDeadline(pacing: ForwardPacing): void {
  if (pacing.deadlineAt !== null && pacing.clock.now() > pacing.deadlineAt) {
    throw new RuntimeError('E_DEADLINE_EXCEEDED', 'the forward pass did not finish before its deadline');
  }
}

/** The forward pass of every sequence of a request, validated by the caller, as one packed batch. */
export async function runForward(
  model: ForwardModel, sequences: readonly (readonly number[])[], options: ForwardOptions, pacing: ForwardPacing,
): Promise<ForwardResult> {
  const batch = new ForwardBatch(model, sequences, options.routingSeed, options.trace, options.faults, {
    ...(options.dispatch === undefined ? {} : { dispatch: options.dispatch }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
  for (let layer = 0; layer < model.descriptor.layers; layer++) {
    await pacing.clock.sleep(pacing.perLayerDelayMs);
    checkDeadline(pacing);
    pacing.beforeLayer?.(batch);
    await batch.runLayer(layer);
  }
  await pacing.clock.sleep(0);
  checkDeadline(pacing);
  const logits = batch.outputLogits();
  checkDeadline(pacing);
  return assembleResult(model, sequences.length, batch, logits, options);
}

function assembleResult(model: ForwardModel, sequenceCount: number, batch: ForwardBatch, logits: Float32Array, options: ForwardOptions): ForwardResult {
  const { vocab } = model.descriptor;
  const faults = options.faults ?? NO_FORWARD_FAULTS;
  const sequenceDigests: Buffer[] = [];
  const sequences: ForwardSequence[] = [];
  for (let s = 0; s < sequenceCount; s++) {
    const { first, length } = batch.sequenceRows(s);
    const tokenDigests: Buffer[] = [];
    const tokens: ForwardToken[] = [];
    for (let row = first; row < first + length; row++) {
      const digest = logitsDigest(logits, row * vocab, vocab, faults.digestFloat64);
      tokenDigests.push(digest);
      const token: ForwardToken = {
        digest: digest.toString('hex'),
        ...(options.logits ? { logits: Array.from(logits.subarray(row * vocab, (row + 1) * vocab)) } : {}),
        ...(options.trace ? { routes: batch.routes[row]! } : {}),
        flops: batch.ledger.flopsOf(row),
        parameterBytes: batch.ledger.parameterBytesOf(row),
      };
      tokens.push(token);
    }
    const digest = digestOfDigests(tokenDigests, faults.sequenceDigestHex);
    sequenceDigests.push(digest);
    sequences.push({ tokens, digest: digest.toString('hex') });
  }
  return { model: model.id, seed: options.routingSeed, sequences, digest: digestOfDigests(sequenceDigests).toString('hex') };
}
