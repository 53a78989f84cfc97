// A plain simulation of SPEC-022 placement and SPEC-027 eviction for a serial access trace: what a tiered model
// holds in its hot slots, warm tier and cold tier after each request, and the counters of SPEC-023 §4.3 that those
// moves imply. It mirrors the prose of the specs step by step, with arrays and linear scans, and knows nothing of
// any runtime: the harness feeds it the experts each forward pass used (from the pass's routing trace) and compares
// its prediction with GET /v1/tiers/{model} and GET /v1/tiers/{model}/experts.

export interface TierExpertRef {
  readonly layer: number;
  readonly expert: number;
}

export interface TierPolicyConfig {
  /** Hot slots: floor(hotBytes / expertBytes). */
  readonly slots: number;
  /** Experts the warm tier holds: floor(warmBytes / expertBytes). */
  readonly warmExperts: number;
  /** Expert files the cold tier holds: floor(coldBytes / fileBytes); Infinity when it holds every expert. */
  readonly coldFiles: number;
  /** Bytes of one expert's payload, the unit of every bytesMoved counter. */
  readonly expertBytes: number;
}

export type PredictedTier = 'hot' | 'warm' | 'cold';

export interface PredictedExpert {
  readonly layer: number;
  readonly expert: number;
  readonly tier: PredictedTier;
  readonly pinned: boolean;
}

export interface PredictedCounters {
  hits: { hot: number; warm: number; cold: number };
  misses: number;
  coalesced: number;
  evictions: { hot: number; warm: number; cold: number };
  bytesMoved: { archiveToHot: number; archiveToCold: number; coldToHot: number; warmToHot: number; hotToWarm: number };
  integrityFailures: number;
  archiveFailures: number;
}

export interface PredictedFigures {
  hot: { experts: number; pinned: number; slots: number };
  warm: { experts: number };
  cold: { experts: number };
  counters: PredictedCounters;
}

interface UsageRecord {
  lastUse: number;
  uses: number;
}

interface SlotContent {
  ref: TierExpertRef;
  pinned: boolean;
}

const keyOf = (ref: TierExpertRef): string => `${ref.layer}/${ref.expert}`;

function zeroCounters(): PredictedCounters {
  return {
    hits: { hot: 0, warm: 0, cold: 0 },
    misses: 0,
    coalesced: 0,
    evictions: { hot: 0, warm: 0, cold: 0 },
    bytesMoved: { archiveToHot: 0, archiveToCold: 0, coldToHot: 0, warmToHot: 0, hotToWarm: 0 },
    integrityFailures: 0,
    archiveFailures: 0,
  };
}

export type PinOutcome = 'pinned' | 'already-pinned' | 'refused';

export class TierPolicy {
  private readonly config: TierPolicyConfig;
  private readonly slots: (SlotContent | null)[];
  /** Warm and cold contents, each a list of refs (order carries no meaning). */
  private warm: TierExpertRef[] = [];
  private cold: TierExpertRef[] = [];
  private readonly usage = new Map<string, UsageRecord>();
  private tick = 0;
  private readonly counters = zeroCounters();

  /** `staged`: the experts the load put in the cold tier (SPEC-021 §4.2), each with lastUse 0 and 0 uses. */
  constructor(config: TierPolicyConfig, staged: readonly TierExpertRef[] = []) {
    this.config = config;
    this.slots = new Array<SlotContent | null>(config.slots).fill(null);
    for (const ref of staged) {
      this.cold.push(ref);
      this.usage.set(keyOf(ref), { lastUse: 0, uses: 0 });
    }
    this.counters.bytesMoved.archiveToCold = staged.length * config.expertBytes;
  }

  /** Experts one wave may hold: the unpinned slots (SPEC-022 §4.2). */
  get capacity(): number {
    return this.slots.filter((slot) => slot === null || !slot.pinned).length;
  }

  /** One forward pass: for each layer in order, its distinct experts in ascending id order, in waves of `capacity`. */
  forward(expertsByLayer: readonly (readonly number[])[]): void {
    expertsByLayer.forEach((experts, layer) => {
      const ids = [...new Set(experts)].sort((a, b) => a - b);
      const size = this.capacity;
      for (let first = 0; first < ids.length; first += size) {
        this.wave(ids.slice(first, first + size).map((expert) => ({ layer, expert })));
      }
    });
  }

  /** PUT pins/{layer}/{expert} (SPEC-027 §4.3). */
  pin(ref: TierExpertRef): PinOutcome {
    const slot = this.slotHolding(ref);
    if (slot !== null && slot.pinned) return 'already-pinned';
    const pinned = this.slots.filter((s) => s !== null && s.pinned).length;
    if (pinned + 1 >= this.slots.length) return 'refused';
    this.wave([ref]);
    this.slotHolding(ref)!.pinned = true;
    return 'pinned';
  }

  /** DELETE pins/{layer}/{expert}: the expert stays where it is, now evictable. */
  unpin(ref: TierExpertRef): void {
    const slot = this.slotHolding(ref);
    if (slot !== null) slot.pinned = false;
  }

  /** The evict-memory control route (SPEC-023 §4.4): unpinned hot copies and every warm copy are dropped. */
  evictMemory(): void {
    this.slots.forEach((slot, index) => {
      if (slot !== null && !slot.pinned) {
        this.slots[index] = null;
        this.forgetIfGone(slot.ref);
      }
    });
    const dropped = this.warm;
    this.warm = [];
    for (const ref of dropped) this.forgetIfGone(ref);
  }

  /** The residency listing of GET /v1/tiers/{model}/experts: every held expert by (layer, expert), fastest tier. */
  residency(): PredictedExpert[] {
    const held = new Map<string, TierExpertRef>();
    for (const slot of this.slots) if (slot !== null) held.set(keyOf(slot.ref), slot.ref);
    for (const ref of [...this.warm, ...this.cold]) held.set(keyOf(ref), ref);
    return [...held.values()]
      .sort((a, b) => a.layer - b.layer || a.expert - b.expert)
      .map((ref) => {
        const slot = this.slotHolding(ref);
        const tier: PredictedTier = slot !== null ? 'hot' : this.has(this.warm, ref) ? 'warm' : 'cold';
        return { layer: ref.layer, expert: ref.expert, tier, pinned: slot?.pinned === true };
      });
  }

  /** Per-tier contents and the counters of GET /v1/tiers/{model}. */
  figures(): PredictedFigures {
    const occupied = this.slots.filter((slot): slot is SlotContent => slot !== null);
    return {
      hot: { experts: occupied.length, pinned: occupied.filter((slot) => slot.pinned).length, slots: this.slots.length },
      warm: { experts: this.warm.length },
      cold: { experts: this.cold.length },
      counters: structuredClone(this.counters),
    };
  }

  /** One granted request: one tick; each expert, in order, is touched and then found or placed (SPEC-022 §4.3). */
  private wave(refs: readonly TierExpertRef[]): void {
    this.tick++;
    const wanted = new Set(refs.map(keyOf));
    const fromArchive: TierExpertRef[] = [];
    const bytes = this.config.expertBytes;
    for (const ref of refs) {
      this.touch(ref);
      if (this.slotHolding(ref) !== null) {
        this.counters.hits.hot++;
        continue;
      }
      const index = this.slotFor(wanted);
      const wasWarm = this.has(this.warm, ref);
      this.warm = this.without(this.warm, ref);
      const previous = this.slots[index];
      if (previous !== null && previous !== undefined) this.demote(previous);
      this.slots[index] = { ref, pinned: false };
      if (wasWarm) {
        this.counters.hits.warm++;
        this.counters.bytesMoved.warmToHot += bytes;
      } else if (this.has(this.cold, ref)) {
        this.counters.hits.cold++;
        this.counters.bytesMoved.coldToHot += bytes;
      } else {
        this.counters.misses++;
        this.counters.bytesMoved.archiveToHot += bytes;
        fromArchive.push(ref);
      }
    }
    // First uses are staged cold after the wave's placements, in request order (SPEC-022 §4.4); the file of an
    // expert this wave holds is not an eviction candidate.
    for (const ref of fromArchive) this.stageCold(ref, refs);
  }

  private touch(ref: TierExpertRef): void {
    const record = this.usage.get(keyOf(ref)) ?? { lastUse: 0, uses: 0 };
    record.lastUse = this.tick;
    record.uses++;
    this.usage.set(keyOf(ref), record);
  }

  /** The lowest empty slot, else the slot of the first unpinned expert in eviction order not in this wave. */
  private slotFor(wanted: ReadonlySet<string>): number {
    const empty = this.slots.indexOf(null);
    if (empty >= 0) return empty;
    const candidates = this.slots.map((slot, index) => ({ slot, index })).filter(({ slot }) => slot !== null && !slot.pinned && !wanted.has(keyOf(slot.ref)));
    const victim = this.firstInEvictionOrder(candidates.map(({ slot }) => slot!.ref));
    return candidates.find(({ slot }) => keyOf(slot!.ref) === keyOf(victim))!.index;
  }

  /** A hot victim moves to warm when warm holds at least one expert, evicting warm in eviction order for room. */
  private demote(previous: SlotContent): void {
    this.counters.evictions.hot++;
    if (this.config.warmExperts >= 1) {
      while (this.warm.length + 1 > this.config.warmExperts) {
        const victim = this.firstInEvictionOrder(this.warm);
        this.warm = this.without(this.warm, victim);
        this.counters.evictions.warm++;
        this.forgetIfGone(victim);
      }
      this.warm.push(previous.ref);
      this.counters.bytesMoved.hotToWarm += this.config.expertBytes;
    }
    this.forgetIfGone(previous.ref, previous.ref);
  }

  private stageCold(ref: TierExpertRef, busy: readonly TierExpertRef[]): void {
    while (this.cold.length + 1 > this.config.coldFiles) {
      const candidates = this.cold.filter((held) => !this.has(busy, held));
      if (candidates.length === 0) return;
      const victim = this.firstInEvictionOrder(candidates);
      this.cold = this.without(this.cold, victim);
      this.counters.evictions.cold++;
      this.forgetIfGone(victim);
    }
    this.cold.push(ref);
    if (!this.usage.has(keyOf(ref))) this.usage.set(keyOf(ref), { lastUse: 0, uses: 0 });
    this.counters.bytesMoved.archiveToCold += this.config.expertBytes;
  }

  /** SPEC-027 §4.2: lastUse ascending, then uses ascending, then (layer, expert) ascending. */
  private firstInEvictionOrder(refs: readonly TierExpertRef[]): TierExpertRef {
    const sorted = [...refs].sort((a, b) => {
      const ua = this.usage.get(keyOf(a)) ?? { lastUse: 0, uses: 0 };
      const ub = this.usage.get(keyOf(b)) ?? { lastUse: 0, uses: 0 };
      return ua.lastUse - ub.lastUse || ua.uses - ub.uses || a.layer - b.layer || a.expert - b.expert;
    });
    return sorted[0]!;
  }

  /** Usage is forgotten once no tier holds the expert; `leaving` is a hot copy already on its way out. */
  private forgetIfGone(ref: TierExpertRef, leaving?: TierExpertRef): void {
    const hot = this.slotHolding(ref) !== null && (leaving === undefined || keyOf(leaving) !== keyOf(ref));
    if (!hot && !this.has(this.warm, ref) && !this.has(this.cold, ref)) this.usage.delete(keyOf(ref));
  }

  private slotHolding(ref: TierExpertRef): SlotContent | null {
    return this.slots.find((slot) => slot !== null && keyOf(slot.ref) === keyOf(ref)) ?? null;
  }

  private has(list: readonly TierExpertRef[], ref: TierExpertRef): boolean {
    return list.some((held) => keyOf(held) === keyOf(ref));
  }

  private without(list: readonly TierExpertRef[], ref: TierExpertRef): TierExpertRef[] {
    return list.filter((held) => keyOf(held) !== keyOf(ref));
  }
}
