// What GET /v1/tiers/{model} and its residency listing report (SPEC-023 §4.3): budgets, bytes and experts per tier,
// the counters and the load-latency histogram of a tiered model; a resident model reports every expert hot and
// pinned, in the document as in the listing (SPEC-021 §4.6).

import type { DescriptorV2 } from '../../model/manifest-types.ts';
import { payloadBytes } from './expert-payload.ts';
import { emptyPrefetchView } from './expert-prefetch.ts';
import type { ExpertStore } from './expert-store.ts';
import { LATENCY_BOUNDS_MS } from './latency-histogram.ts';
import { newCounters } from './tier-counters.ts';
import { expertShape, expertsPerLayer } from './tiered-model.ts';

interface TierFigures {
  budgetBytes: number;
  usedBytes: number;
  experts: number;
}

export function tierView(id: string, descriptor: DescriptorV2, store: ExpertStore | null): Record<string, unknown> {
  const expertBytes = payloadBytes(expertShape(descriptor));
  const experts = descriptor.layers * expertsPerLayer(descriptor);
  if (store === null) {
    const all = experts * expertBytes;
    const none: TierFigures = { budgetBytes: 0, usedBytes: 0, experts: 0 };
    return {
      model: id, archive: 'resident', expertBytes, experts,
      hot: { budgetBytes: all, usedBytes: all, experts, slots: experts, pinned: experts }, warm: none, cold: none,
      counters: newCounters(), loadLatencyMs: { boundsMs: [...LATENCY_BOUNDS_MS], counts: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0), count: 0, sumMs: 0 },
      prefetch: emptyPrefetchView(),
    };
  }
  const hotExperts = store.arena.occupied().filter((slot) => slot.filled).length;
  return {
    model: id,
    archive: store.archiveKind,
    expertBytes,
    experts,
    hot: { budgetBytes: store.budgets.hotBytes, usedBytes: hotExperts * expertBytes, experts: hotExperts, slots: store.arena.slotCount, pinned: store.arena.pinnedCount },
    warm: { budgetBytes: store.warm.budgetBytes, usedBytes: store.warm.usedBytes, experts: store.warm.size },
    cold: { budgetBytes: store.budgets.coldBytes, usedBytes: store.cold.usedBytes, experts: store.cold.size },
    counters: structuredClone(store.counters),
    loadLatencyMs: store.latency.view(),
    // SPEC-045 §4.4: zeros when the load asked for no prefetch.
    prefetch: store.prefetcher?.view() ?? emptyPrefetchView(),
  };
}

/** Every expert some tier holds, in (layer, expert) order, with its fastest tier and whether it is pinned. */
export function residencyView(descriptor: DescriptorV2, store: ExpertStore | null): { experts: { layer: number; expert: number; tier: string; pinned: boolean }[] } {
  if (store === null) {
    const perLayer = expertsPerLayer(descriptor);
    const experts = [];
    for (let layer = 0; layer < descriptor.layers; layer++) {
      for (let expert = 0; expert < perLayer; expert++) experts.push({ layer, expert, tier: 'hot', pinned: true });
    }
    return { experts };
  }
  return { experts: store.residents().map(({ ref, tier, pinned }) => ({ layer: ref.layer, expert: ref.expert, tier, pinned })) };
}
