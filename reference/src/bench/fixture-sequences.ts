// Fixture token sequences (SPEC-010 §4.3): token i of fixture sequence v for a model with seed S and vocabulary V is
// the top byte of output i of the stream `litellm/v1/input/<S>/<v>`, modulo V. Benchmarks feed these so that their
// inputs are the ones the conformance suite uses.

import { streamOutputInto } from '../numeric/splitmix64.ts';
import { streamKey } from '../numeric/stream-key.ts';

export function fixtureSequence(seed: string, v: number, length: number, vocab: number): number[] {
  const key = streamKey(`litellm/v1/input/${seed}/${v}`);
  const draw = new Uint32Array(2);
  return Array.from({ length }, (_, i) => {
    streamOutputInto(key.hi, key.lo, i, draw);
    return (draw[0]! >>> 24) % vocab;
  });
}
