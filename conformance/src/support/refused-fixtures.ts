// The refused fixtures of the forward layer (SPEC-004 §4.7, SPEC-005 §4.4), built for the limits this runtime
// declares and served by the fixture server only when a scenario loads one.
import {
  badHeadsFixture,
  badShapeFixture,
  heavyFixture,
  longSeqFixture,
  overKFixture,
  type ServedFixture,
} from '../fixtures/index.ts';
import type { RouterDescriptor } from '../oracle/index.ts';
import { declaredMaxK, maxDModelLimit, maxSeqLimit } from './declared-limits.ts';

export const REFUSED_FIXTURE_NAMES: readonly string[] = [
  'cm-fwd-badheads', 'cm-fwd-oddhead', 'cm-fwd-badshape', 'cm-fwd-longseq', 'cm-fwd-heavy', 'cm-overk-tier', 'cm-overk-group', 'cm-overk-expert',
];

/**
 * The refused fixtures SPEC-004 §4.7 and SPEC-005 §4.4 name, built for this runtime's declared limits; undefined for
 * any other name, and for cm-fwd-longseq when limits.maxSeq is 4096 (then no such fixture exists).
 */
export function refusedFixtureNamed(name: string): (ServedFixture & { descriptor: RouterDescriptor }) | undefined {
  switch (name) {
    case 'cm-fwd-badheads':
    case 'cm-fwd-oddhead':
      return badHeadsFixture(name);
    case 'cm-fwd-badshape':
      return badShapeFixture();
    case 'cm-fwd-longseq':
      return longSeqFixture(maxSeqLimit());
    case 'cm-fwd-heavy':
      return heavyFixture(maxDModelLimit(), maxSeqLimit());
    case 'cm-overk-tier':
    case 'cm-overk-group':
    case 'cm-overk-expert': {
      const level = name.slice('cm-overk-'.length) as 'tier' | 'group' | 'expert';
      return overKFixture(level, declaredMaxK()[level]);
    }
    default:
      return undefined;
  }
}

