// Checks of a forward request's sequences against the model, all before any work (contract-core §4): lengths
// first (every sequence 1..maxSeq tokens, all together at most maxTokensPerRequest), then every token id below vocab.

import { RuntimeError } from '../errors.ts';
import type { DescriptorV2 } from '../model/manifest-types.ts';

export function checkSequences(sequences: readonly (readonly number[])[], descriptor: DescriptorV2, maxTokensPerRequest: number): void {
  if (sequences.length === 0) throw new RuntimeError('E_FORWARD_LENGTH', 'a forward request needs at least one sequence');
  let total = 0;
  sequences.forEach((sequence, s) => {
    if (sequence.length === 0 || sequence.length > descriptor.maxSeq) {
      throw new RuntimeError('E_FORWARD_LENGTH', `sequence ${s} has ${sequence.length} tokens; model ${descriptor.name} takes 1..${descriptor.maxSeq}`);
    }
    total += sequence.length;
  });
  if (total > maxTokensPerRequest) {
    throw new RuntimeError('E_FORWARD_LENGTH', `the request holds ${total} tokens, more than maxTokensPerRequest ${maxTokensPerRequest}`);
  }
  sequences.forEach((sequence, s) => {
    sequence.forEach((token, i) => {
      if (!Number.isInteger(token) || token < 0 || token >= descriptor.vocab) {
        throw new RuntimeError('E_FORWARD_TOKEN', `sequence ${s} token ${i} is ${token}; model ${descriptor.name} has vocab ${descriptor.vocab}`);
      }
    });
  });
}
