import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TierPolicy } from '../../oracle/tier-policy.ts';
import type { ForwardResult } from '../checks/forward-result-checks.ts';
import {
  checkBounds, checkIdentities, compareCounters, compareFigures, compareResidency, expertRequestsOf, expertsByLayer, LATENCY_BOUNDS_MS,
  type ListedExpert, type TierDocument,
} from './tier-checks.ts';

const E = 100;

/** A document consistent with an oracle's figures after its trace, as a conforming runtime would report it. */
function documentOf(policy: TierPolicy, budgets = { hot: 2 * E, warm: E, cold: 1000 }, fileBytes = 110): TierDocument {
  const f = policy.figures();
  const loads = f.counters.hits.warm + f.counters.hits.cold + f.counters.misses;
  return {
    model: 'm', archive: 'procedural', expertBytes: E, experts: 32,
    hot: { budgetBytes: budgets.hot, usedBytes: f.hot.experts * E, experts: f.hot.experts, slots: f.hot.slots, pinned: f.hot.pinned },
    warm: { budgetBytes: budgets.warm, usedBytes: f.warm.experts * E, experts: f.warm.experts },
    cold: { budgetBytes: budgets.cold, usedBytes: f.cold.experts * fileBytes, experts: f.cold.experts },
    counters: f.counters,
    loadLatencyMs: { boundsMs: [...LATENCY_BOUNDS_MS], counts: [loads, ...new Array<number>(LATENCY_BOUNDS_MS.length).fill(0)], count: loads, sumMs: 0 },
  };
}

function traced(layers: number[][][]): ForwardResult {
  const tokens = layers.map((perLayer) => ({
    digest: '', flops: { attention: 0, router: 0, experts: 0, output: 0, total: 0 }, parameterBytes: 0,
    routes: perLayer.map((ids, layer) => ({ layer, experts: ids.map((id) => ({ tier: 0, group: 0, expert: 0, id, gate: 0.5 })) })),
  }));
  return { model: 'm', seed: '0', digest: '', sequences: [{ digest: '', tokens }] };
}

test('the experts of a traced result: per layer, distinct ids over every token, ascending', () => {
  const byLayer = expertsByLayer(traced([[[5, 1], [2]], [[1, 3], [2, 2]]]), 2);
  assert.deepEqual(byLayer, [[1, 3, 5], [2]]);
  assert.equal(expertRequestsOf(byLayer), 4);
});

test('a document that follows the oracle passes the bounds and identities; each breach is reported', () => {
  const policy = new TierPolicy({ slots: 2, warmExperts: 1, coldFiles: 9, expertBytes: E });
  policy.forward([[1, 2, 3], [4]]);
  policy.forward([[1]]);
  const listing: ListedExpert[] = policy.residency();
  const doc = documentOf(policy);
  assert.deepEqual(checkBounds(doc, listing), []);
  assert.deepEqual(checkIdentities(doc, 5), []);
  assert.deepEqual(compareResidency(listing, policy.residency()), []);
  assert.deepEqual(compareFigures(doc, policy.figures()), []);
  assert.deepEqual(compareCounters(doc.counters, policy.figures().counters), []);

  const over = { ...doc, cold: { ...doc.cold, budgetBytes: doc.cold.usedBytes - 1 } };
  assert.match(checkBounds(over, listing).join(), /cold.usedBytes .* exceeds/);
  assert.match(checkIdentities(doc, 6).join(), /hits \+ misses/);
  const fileBytes = { ...doc, counters: { ...doc.counters, bytesMoved: { ...doc.counters.bytesMoved, archiveToCold: doc.counters.bytesMoved.archiveToCold + 10 } } };
  assert.match(checkIdentities(fileBytes, 5).join(), /archiveToCold/);
  const hotHits = { ...doc, loadLatencyMs: { ...doc.loadLatencyMs, count: doc.loadLatencyMs.count + 1, counts: [doc.loadLatencyMs.count + 1, ...doc.loadLatencyMs.counts.slice(1)] } };
  assert.match(checkIdentities(hotHits, 5).join(), /loadLatencyMs.count/);
  const warmAsHot = listing.map((e) => (e.tier === 'warm' ? { ...e, tier: 'hot' as const } : e));
  assert.match(checkBounds(doc, warmAsHot).join(), /hot experts/);
});

test('residency and counters differences name the expert or counter', () => {
  const a = new TierPolicy({ slots: 1, warmExperts: 1, coldFiles: Infinity, expertBytes: E });
  const b = new TierPolicy({ slots: 1, warmExperts: 0, coldFiles: Infinity, expertBytes: E });
  for (const p of [a, b]) p.forward([[1], [2]]);
  assert.deepEqual(compareResidency(b.residency(), a.residency()), ['expected 0/1:warm, not listed so', 'listed 0/1:cold, not predicted']);
  assert.deepEqual(compareCounters(b.figures().counters, a.figures().counters), ['bytesMoved.hotToWarm is 0, predicted 100']);
  assert.deepEqual(compareFigures(documentOf(b), a.figures()), ['warm is 0, predicted 1']);
  const reordered = [...a.residency()].reverse();
  assert.deepEqual(compareResidency(reordered, a.residency()), ['the listing is not in (layer, expert) order']);
});
