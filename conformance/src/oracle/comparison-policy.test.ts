import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DECISIVE_MARGIN,
  decisive,
  decisiveCount,
  decisiveOrder,
  decisivePrefix,
  logitDeviation,
  logitsClose,
  traceIds,
} from './comparison-policy.ts';
import { siblingMargin } from './forward-routing.ts';
import type { LevelMargin, RouteMargins } from './forward-types.ts';

const wide: LevelMargin = { selection: 1, order: 1 };
function margins(overrides: Partial<RouteMargins> = {}): RouteMargins {
  return { tier: wide, group: wide, expert: wide, ...overrides };
}

void test('sibling margins: k-th minus (k+1)-th score, and the closest pair among the selected', () => {
  const ranked = [3, 2, 2, 1].map((score) => ({ score }));
  assert.deepEqual(siblingMargin(ranked, 1), { selection: 1, order: Number.POSITIVE_INFINITY });
  assert.deepEqual(siblingMargin(ranked, 2), { selection: 0, order: 1 });
  assert.deepEqual(siblingMargin(ranked, 3), { selection: 1, order: 0 });
  assert.deepEqual(siblingMargin(ranked, 4), { selection: Number.POSITIVE_INFINITY, order: 0 });
  fc.assert(
    fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 }), fc.nat(), (scores, kSeed) => {
      const sorted = [...scores].sort((a, b) => b - a).map((score) => ({ score }));
      const k = 1 + (kSeed % sorted.length);
      const m = siblingMargin(sorted, k);
      assert.ok(m.selection >= 0 && m.order >= 0);
    }),
  );
});

void test('decisive: every layer and level must clear the margin strictly; the order rule is stricter', () => {
  assert.ok(decisive({ margins: [margins(), margins()] }));
  assert.ok(decisive({ margins: [] }), 'a model without layers decides nothing');
  assert.ok(!decisive({ margins: [margins(), margins({ group: { selection: DECISIVE_MARGIN, order: 1 } })] }));
  assert.ok(decisive({ margins: [margins({ expert: { selection: Number.POSITIVE_INFINITY, order: 0 } })] }));
  assert.ok(!decisiveOrder({ margins: [margins({ expert: { selection: Number.POSITIVE_INFINITY, order: 0 } })] }));
  assert.ok(decisiveOrder({ margins: [margins()] }));
  const close = { margins: [margins({ tier: { selection: 1e-4, order: 1 } })] };
  const far = { margins: [margins()] };
  assert.equal(decisivePrefix({ tokens: [far, far, close, far] }), 2);
  assert.equal(decisivePrefix({ tokens: [far, far] }), 2);
  assert.deepEqual(decisiveCount([{ tokens: [far, close] }, { tokens: [far] }]), { decisive: 2, total: 3 });
});

void test('logits tolerance: |Δ| ≤ 1e-3 · (1 + |oracle|), inclusive; shape or NaN mismatches are infinitely far', () => {
  assert.equal(logitDeviation([1, 2], [1, 2]), 0);
  assert.ok(logitsClose([1 + 2 ** -9], [1]));
  assert.ok(!logitsClose([1.0021], [1]));
  assert.ok(logitsClose([0.001], [0]), 'the bound is inclusive');
  assert.ok(logitsClose([100.1, -100.1], [100, -100]), 'the allowance grows with |oracle|');
  assert.ok(!logitsClose([100.102], [100]));
  assert.equal(logitDeviation([1], [1, 2]), Number.POSITIVE_INFINITY);
  assert.equal(logitDeviation([Number.NaN, 0], [0, 0]), Number.POSITIVE_INFINITY);
  assert.equal(logitDeviation([0, Number.NaN], [0, 0]), Number.POSITIVE_INFINITY);
  assert.deepEqual(traceIds([{ layer: 0, experts: [{ tier: 0, group: 1, expert: 1, id: 3, gate: 1 }] }]), [[3]]);
});
