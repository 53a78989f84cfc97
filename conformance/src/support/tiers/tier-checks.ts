// Pure comparisons for the tier scenarios (SPEC-021 to SPEC-027): the experts a forward result's trace shows, the
// bounds and identities every tier document owes (SPEC-023 §4.1 to §4.3), and the observed residency and counters
// against the placement oracle's prediction. Each check returns the problems found; an empty list means it holds.
import type { PredictedCounters, PredictedExpert, PredictedFigures } from '../../oracle/tier-policy.ts';
import type { ForwardResult } from '../checks/forward-result-checks.ts';

interface TierFigures {
  readonly budgetBytes: number;
  readonly usedBytes: number;
  readonly experts: number;
}

/** The body of GET /v1/tiers/{model} (tiers.schema.json). */
export interface TierDocument {
  readonly model: string;
  readonly archive: 'http' | 'procedural' | 'resident';
  readonly expertBytes: number;
  readonly experts: number;
  readonly hot: TierFigures & { readonly slots: number; readonly pinned: number };
  readonly warm: TierFigures;
  readonly cold: TierFigures;
  readonly counters: PredictedCounters;
  readonly loadLatencyMs: { readonly boundsMs: number[]; readonly counts: number[]; readonly count: number; readonly sumMs: number };
}

/** An entry of GET /v1/tiers/{model}/experts (tier-residency.schema.json). */
export type ListedExpert = PredictedExpert;

/** SPEC-023 §4.3: the bucket bounds every histogram uses. */
export const LATENCY_BOUNDS_MS: readonly number[] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000];

/** Per layer, the distinct expert ids the trace of every token of the result shows (SPEC-022 §4.1). */
export function expertsByLayer(result: ForwardResult, layers: number): number[][] {
  const used = Array.from({ length: layers }, () => new Set<number>());
  for (const sequence of result.sequences) {
    for (const token of sequence.tokens) {
      if (token.routes === undefined) throw new Error('the forward result carries no routing trace');
      for (const route of token.routes) for (const expert of route.experts) used[route.layer]?.add(expert.id);
    }
  }
  return used.map((ids) => [...ids].sort((a, b) => a - b));
}

/** Expert requests a pass makes: one per distinct expert per layer (SPEC-023 §3). */
export function expertRequestsOf(byLayer: readonly (readonly number[])[]): number {
  return byLayer.reduce((sum, ids) => sum + ids.length, 0);
}

/** SPEC-023 §4.1: budgets bound every tier; hot and warm bytes are whole experts; the listing agrees. */
export function checkBounds(doc: TierDocument, listing: readonly ListedExpert[]): string[] {
  const problems: string[] = [];
  for (const tier of ['hot', 'warm', 'cold'] as const) {
    const { usedBytes, budgetBytes } = doc[tier];
    if (usedBytes > budgetBytes) problems.push(`${tier}.usedBytes ${usedBytes} exceeds ${tier}.budgetBytes ${budgetBytes}`);
  }
  for (const tier of ['hot', 'warm'] as const) {
    if (doc[tier].usedBytes !== doc[tier].experts * doc.expertBytes) problems.push(`${tier}.usedBytes ${doc[tier].usedBytes} is not ${doc[tier].experts} experts of ${doc.expertBytes} bytes`);
  }
  if (doc.hot.experts > doc.hot.slots) problems.push(`${doc.hot.experts} hot experts in ${doc.hot.slots} slots`);
  const count = (tier: string) => listing.filter((e) => e.tier === tier).length;
  if (count('hot') !== doc.hot.experts) problems.push(`the listing shows ${count('hot')} hot experts, hot.experts is ${doc.hot.experts}`);
  if (count('warm') !== doc.warm.experts) problems.push(`the listing shows ${count('warm')} warm experts, warm.experts is ${doc.warm.experts}`);
  const pinned = listing.filter((e) => e.pinned).length;
  if (pinned !== doc.hot.pinned) problems.push(`the listing shows ${pinned} pinned experts, hot.pinned is ${doc.hot.pinned}`);
  if (listing.some((e) => e.pinned && e.tier !== 'hot')) problems.push('a pinned expert is listed outside the hot tier');
  if (listing.length > doc.hot.experts + doc.warm.experts + doc.cold.experts) problems.push(`${listing.length} experts listed, more than the tiers hold`);
  return problems;
}

/** SPEC-023 §4.2 and §4.3: the counters account for `expertRequests` requests; bytes and loads follow. */
export function checkIdentities(doc: TierDocument, expertRequests: number): string[] {
  const problems: string[] = [];
  const c = doc.counters;
  const e = doc.expertBytes;
  const expect = (what: string, actual: number, expected: number) => {
    if (actual !== expected) problems.push(`${what} is ${actual}, expected ${expected}`);
  };
  expect('hits + misses + coalesced + integrityFailures', c.hits.hot + c.hits.warm + c.hits.cold + c.misses + c.coalesced + c.integrityFailures, expertRequests);
  expect('bytesMoved.warmToHot', c.bytesMoved.warmToHot, c.hits.warm * e);
  expect('bytesMoved.coldToHot', c.bytesMoved.coldToHot, c.hits.cold * e);
  expect('bytesMoved.archiveToHot', c.bytesMoved.archiveToHot, (c.misses - c.archiveFailures) * e);
  expect('bytesMoved.hotToWarm', c.bytesMoved.hotToWarm, doc.warm.budgetBytes >= e ? c.evictions.hot * e : 0);
  expect('bytesMoved.archiveToCold', c.bytesMoved.archiveToCold, (doc.cold.experts + c.evictions.cold + c.integrityFailures) * e);
  const h = doc.loadLatencyMs;
  if (JSON.stringify(h.boundsMs) !== JSON.stringify(LATENCY_BOUNDS_MS)) problems.push(`loadLatencyMs.boundsMs is ${JSON.stringify(h.boundsMs)}`);
  expect('loadLatencyMs.counts entries', h.counts.length, LATENCY_BOUNDS_MS.length + 1);
  expect('the sum of loadLatencyMs.counts', h.counts.reduce((a, b) => a + b, 0), h.count);
  expect('loadLatencyMs.count', h.count, c.hits.warm + c.hits.cold + c.misses - c.archiveFailures);
  return problems;
}

/** The listing against the oracle's, entry by entry. */
export function compareResidency(listing: readonly ListedExpert[], predicted: readonly PredictedExpert[]): string[] {
  const text = (list: readonly PredictedExpert[]) => list.map((e) => `${e.layer}/${e.expert}:${e.tier}${e.pinned ? '*' : ''}`);
  const seen = text(listing);
  const want = text(predicted);
  const problems: string[] = [];
  for (const entry of want) if (!seen.includes(entry)) problems.push(`expected ${entry}, not listed so`);
  for (const entry of seen) if (!want.includes(entry)) problems.push(`listed ${entry}, not predicted`);
  if (problems.length === 0 && seen.join(' ') !== want.join(' ')) problems.push('the listing is not in (layer, expert) order');
  return problems;
}

/** Experts per tier, pins and slots against the oracle's. */
export function compareFigures(doc: TierDocument, predicted: PredictedFigures): string[] {
  const seen = { hot: doc.hot.experts, pinned: doc.hot.pinned, slots: doc.hot.slots, warm: doc.warm.experts, cold: doc.cold.experts };
  const want = { hot: predicted.hot.experts, pinned: predicted.hot.pinned, slots: predicted.hot.slots, warm: predicted.warm.experts, cold: predicted.cold.experts };
  return (Object.keys(want) as (keyof typeof want)[]).filter((k) => seen[k] !== want[k]).map((k) => `${k} is ${seen[k]}, predicted ${want[k]}`);
}

/** Every counter against the oracle's. */
export function compareCounters(actual: PredictedCounters, predicted: PredictedCounters): string[] {
  const flat = (c: PredictedCounters): Record<string, number> => ({
    'hits.hot': c.hits.hot, 'hits.warm': c.hits.warm, 'hits.cold': c.hits.cold, misses: c.misses, coalesced: c.coalesced,
    'evictions.hot': c.evictions.hot, 'evictions.warm': c.evictions.warm, 'evictions.cold': c.evictions.cold,
    ...Object.fromEntries(Object.entries(c.bytesMoved).map(([k, v]) => [`bytesMoved.${k}`, v])),
    integrityFailures: c.integrityFailures, archiveFailures: c.archiveFailures,
  });
  const seen = flat(actual);
  const want = flat(predicted);
  return Object.keys(want).filter((k) => seen[k] !== want[k]).map((k) => `${k} is ${seen[k]}, predicted ${want[k]}`);
}
