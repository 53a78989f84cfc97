// The tiered expert store of one model (SPEC-021 … SPEC-027): hot slots the kernels read, a warm DRAM cache, cold
// files, and the archive. A forward pass asks for the experts one layer needs; the store leases them hot, loading
// on first use (SPEC-026) from the fastest tier that has them: warm, else cold (size and SHA-256 checked), else the
// archive (then staged to cold). Requests wait in arrival order when the slots they need are leased by others, so
// no pass starves; concurrent requests for one expert share its single load. Every placement and eviction decision
// is taken synchronously, in request order, from the logical access counter alone, so one access trace always
// leaves the same residency (SPEC-022 §4.2, SPEC-027 §4.2).

import type { Clock } from '../../clock.ts';
import { RuntimeError, isRuntimeError } from '../../errors.ts';
import type { ArchiveKind, ExpertArchive } from './expert-archive.ts';
import { ColdStaging, type StagedExpert } from './cold-staging.ts';
import type { ExpertPrefetcher, PrefetchConfig } from './expert-prefetch.ts';
import type { ColdDamage, ColdTier } from './cold-tier.ts';
import { payloadBytes, refKey, type ExpertRef, type ExpertShape } from './expert-payload.ts';
import { HotArena, type HotSlot } from './hot-arena.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { newCounters, type TierCounters } from './tier-counters.ts';
import { CONFORMING_TIERS, type TierBehaviour } from './tier-faults.ts';
import { firstVictim, UsageBook, type Usage } from './usage-order.ts';
import { WarmTier } from './warm-tier.ts';

export { CONFORMING_TIERS, type TierBehaviour } from './tier-faults.ts';

export interface TierBudgets {
  hotBytes: number;
  warmBytes: number;
  coldBytes: number;
  /** The tier prefetch of SPEC-045; absent or 0 experts: none. */
  prefetch?: PrefetchConfig;
}

export interface StoreOptions {
  shape: ExpertShape;
  layers: number;
  expertsPerLayer: number;
  budgets: TierBudgets;
  cold: ColdTier;
  archive: ExpertArchive;
  clock: Clock;
  behaviour?: TierBehaviour;
}

export interface ExpertLease {
  /** The hot slot of each requested expert, in request order. */
  slots: Int32Array;
  release(): void;
}

interface Request {
  layer: number;
  experts: Int32Array;
  resolve: (lease: ExpertLease) => void;
  reject: (error: unknown) => void;
}

export type Residency = 'hot' | 'warm' | 'cold';

/** E_STORAGE_BUDGET unless the hot tier holds at least one expert (SPEC-021 §4.2); `of` names the model in the message. */
export function checkHotBudget(hotBytes: number, expertBytes: number, behaviour: TierBehaviour, of = ''): void {
  if (hotBytes < expertBytes && !behaviour.noHotBudgetCheck) {
    throw new RuntimeError('E_STORAGE_BUDGET', `hotBytes ${hotBytes} is below one expert${of} (${expertBytes} bytes)`);
  }
}

/** Hot slots for a budget: whole experts only (SPEC-021 §4.2). */
function slotCountFor(hotBytes: number, expertBytes: number, behaviour: TierBehaviour): number {
  checkHotBudget(hotBytes, expertBytes, behaviour);
  const slots = behaviour.slotsRoundedUp ? Math.ceil(hotBytes / expertBytes) : Math.floor(hotBytes / expertBytes);
  return Math.max(1, slots);
}

export class ExpertStore {
  readonly shape: ExpertShape;
  readonly arena: HotArena;
  readonly warm: WarmTier;
  readonly cold: ColdTier;
  readonly archive: ExpertArchive;
  readonly budgets: TierBudgets;
  readonly counters: TierCounters = newCounters();
  readonly latency = new LatencyHistogram();
  readonly layers: number;
  readonly expertsPerLayer: number;
  private readonly clock: Clock;
  private readonly behaviour: TierBehaviour;
  private readonly usage = new UsageBook();
  private readonly staging: ColdStaging;
  private readonly slotOf = new Map<string, HotSlot>();
  private readonly queue: Request[] = [];
  private tick = 0;
  private pumping = false;
  /** The model's tier prefetch (SPEC-045), when its load asked for one. */
  prefetcher: ExpertPrefetcher | null = null;
  /** Prefetch requests whose loads are still running: no request is granted until they end (SPEC-045 §4.2). */
  private prefetchLoads = 0;
  /** The error that ended the store (only the tier.failure-poisons-model fault sets it). */
  private poisoned: Error | undefined = undefined;

  constructor(options: StoreOptions) {
    const behaviour = options.behaviour ?? CONFORMING_TIERS;
    this.shape = options.shape;
    this.layers = options.layers;
    this.expertsPerLayer = options.expertsPerLayer;
    this.budgets = { ...options.budgets };
    this.arena = new HotArena(slotCountFor(options.budgets.hotBytes, payloadBytes(options.shape), behaviour), options.shape);
    this.warm = new WarmTier(options.budgets.warmBytes, (ref) => this.forgetIfGone(ref));
    this.cold = options.cold;
    this.archive = options.archive;
    this.clock = options.clock;
    this.behaviour = behaviour;
    this.staging = new ColdStaging({
      cold: this.cold, coldBytes: this.budgets.coldBytes, shape: this.shape, counters: this.counters, usage: this.usage,
      evicted: (ref) => this.forgetIfGone(ref), inUse: (ref) => this.inUse(ref), behaviour,
    });
  }

  /** Experts one lease may hold: the slots that are not pinned. */
  get capacity(): number {
    return this.arena.slotCount - this.arena.pinnedCount;
  }

  /** What GET /v1/tiers reports as the archive (SPEC-025 §4.1). */
  get archiveKind(): ArchiveKind {
    return this.behaviour.proceduralReportedHttp && this.archive.kind === 'procedural' ? 'http' : this.archive.kind;
  }

  /**
   * Leases `experts` (distinct global ids of `layer`, at most `capacity`) hot; the promise settles once every one
   * is in its slot, or rejects with the first load's coded error (the lease is then already released).
   */
  acquire(layer: number, experts: Int32Array): Promise<ExpertLease> {
    if (this.poisoned !== undefined) return Promise.reject(this.poisoned);
    if (experts.length > this.capacity) {
      return Promise.reject(new RuntimeError('E_INTERNAL', `${experts.length} experts exceed the ${this.capacity} unpinned hot slots`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ layer, experts, resolve, reject });
      this.pump();
    });
  }

  /**
   * Serves queued requests in arrival order while the head fits; a request that does not fit holds the rest back.
   * Not re-entrant: a load that completes synchronously inside a grant (a warm hit) must not start another grant
   * before the first has leased all its slots; the outer loop looks at the queue again anyway.
   */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.fits(this.queue[0]!)) this.grant(this.queue.shift()!);
    } finally {
      this.pumping = false;
    }
  }

  private fits(request: Request): boolean {
    // While a prefetch loads, its slots are neither hot nor evictable: waiting for it makes every grant see the
    // residency a serial trace predicts, whatever the load's timing.
    if (this.prefetchLoads > 0) return false;
    const wanted = new Set<string>();
    let needNew = 0;
    for (const expert of request.experts) {
      const key = refKey({ layer: request.layer, expert });
      wanted.add(key);
      if (!this.slotOf.has(key) || this.behaviour.noCoalescing) needNew++;
    }
    return needNew <= this.arena.freeable(wanted, refKey) || (this.behaviour.evictInUse && needNew <= this.arena.slotCount);
  }

  private grant(request: Request): void {
    this.tick++;
    const wanted = new Set(Array.from(request.experts, (expert) => refKey({ layer: request.layer, expert })));
    const held: HotSlot[] = [];
    const slots = new Int32Array(request.experts.length);
    request.experts.forEach((expert, i) => {
      const ref = { layer: request.layer, expert };
      const usage = this.usage.touch(ref, this.tick);
      let slot = this.behaviour.noCoalescing ? undefined : this.slotOf.get(refKey(ref));
      if (slot !== undefined) {
        if (slot.filled) this.counters.hits.hot++;
        else this.counters.coalesced++;
        if (slot.filled && this.behaviour.latencyCountsHotHits) this.latency.record(0);
      } else {
        slot = this.place(usage, wanted);
      }
      slot.leases++;
      held.push(slot);
      slots[i] = slot.index;
    });
    const lease: ExpertLease = {
      slots,
      release: () => {
        for (const slot of held.splice(0)) slot.leases--;
        this.pump();
      },
    };
    Promise.all(held.map((slot) => slot.ready)).then(
      () => request.resolve(lease),
      (error: unknown) => {
        lease.release();
        request.reject(error);
      },
    );
  }

  /** Takes a slot for an expert that is not hot (empty slot first, else the SPEC-027 victim) and starts its load. */
  private place(usage: Usage, wanted: ReadonlySet<string>): HotSlot {
    const index = this.victimSlot(wanted);
    // Taken before the victim is demoted, so that the demotion cannot push the incoming expert out of warm.
    const fromWarm = this.behaviour.warmKeepsCopy ? this.warm.peek(usage.ref) : this.warm.take(usage.ref);
    const previous = this.arena.slots[index];
    if (previous !== null && previous !== undefined) this.demote(previous);
    const slot: HotSlot = { index, usage, leases: 0, pinned: false, filled: false, ready: Promise.resolve() };
    this.arena.slots[index] = slot;
    this.slotOf.set(refKey(usage.ref), slot);
    slot.ready = this.fill(slot, fromWarm?.payload);
    // A failed load empties its slot; its requesters see the rejection through `ready`.
    slot.ready.catch(() => undefined);
    return slot;
  }

  private victimSlot(wanted: ReadonlySet<string>): number {
    const empty = this.arena.slots.indexOf(null);
    if (empty >= 0) return empty;
    const { evictInUse, evictPinned, evictMostRecent } = this.behaviour;
    const candidates = this.arena.slots.filter((slot): slot is HotSlot =>
      // SPEC-027 §4.1: never a leased, pinned or loading slot, nor one this request needs.
      slot !== null && slot.filled && (evictInUse || slot.leases === 0) && (evictPinned || !slot.pinned) && !wanted.has(refKey(slot.usage.ref)));
    const usages = candidates.map((slot) => slot.usage);
    const victim = evictMostRecent ? usages.reduce<Usage | undefined>((a, b) => (a === undefined || b.lastUse >= a.lastUse ? b : a), undefined) : firstVictim(usages);
    const slot = candidates.find((candidate) => candidate.usage === victim);
    if (slot === undefined) throw new RuntimeError('E_INTERNAL', 'no hot slot can be freed');
    return slot.index;
  }

  /** Moves a hot expert to the warm tier (hot and warm are exclusive; SPEC-022 §4.3). */
  private demote(slot: HotSlot): void {
    const key = refKey(slot.usage.ref);
    this.slotOf.delete(key);
    this.counters.evictions.hot++;
    if (!this.behaviour.demoteDrops) {
      const before = this.warm.evictions;
      if (this.warm.put(slot.usage, this.arena.read(slot.index))) this.counters.bytesMoved.hotToWarm += payloadBytes(this.shape);
      this.counters.evictions.warm += this.warm.evictions - before;
    }
    this.forgetIfGone(slot.usage.ref);
  }

  private async fill(slot: HotSlot, warm: Float32Array | undefined): Promise<void> {
    const { ref } = slot.usage;
    const started = this.clock.now();
    const bytes = payloadBytes(this.shape);
    try {
      if (warm !== undefined) {
        if (!this.behaviour.warmHitUnwritten) this.arena.write(slot.index, warm);
        if (this.behaviour.warmHitCountedCold) {
          this.counters.hits.cold++;
          this.counters.bytesMoved.coldToHot += bytes;
        } else {
          this.counters.hits.warm++;
          this.counters.bytesMoved.warmToHot += bytes;
        }
      } else if (this.cold.has(ref)) {
        this.arena.write(slot.index, await this.staging.read(ref));
        this.counters.hits.cold++;
        this.counters.bytesMoved.coldToHot += bytes;
      } else {
        this.counters.misses++;
        const payload = await this.fetchArchive(ref);
        this.arena.write(slot.index, payload);
        this.counters.bytesMoved.archiveToHot += bytes;
        // SPEC-022 §4.4: a first use is staged cold, within coldBytes, before the expert counts as hot.
        if (!this.behaviour.missNotStaged) await this.staging.stage([{ ref, payload }], true);
      }
      slot.filled = true;
      this.latency.record(this.clock.now() - started);
      // A load whose requesters have all gone (one of their other loads failed) leaves a slot that only now becomes
      // evictable: a request waiting for room must be looked at again, or it would wait forever.
      this.pump();
    } catch (error) {
      if (this.arena.slots[slot.index] === slot) this.arena.slots[slot.index] = null;
      if (this.slotOf.get(refKey(ref)) === slot) this.slotOf.delete(refKey(ref));
      this.forgetIfGone(ref);
      if (this.behaviour.failurePoisonsModel) this.poisoned = error instanceof Error ? error : new Error(String(error));
      this.pump();
      throw error;
    }
  }

  private async fetchArchive(ref: ExpertRef): Promise<Float32Array> {
    try {
      return await this.archive.fetch(ref);
    } catch (error) {
      this.counters.archiveFailures++;
      if (this.behaviour.archiveErrorInternal) throw new RuntimeError('E_INTERNAL', `archive failed for expert ${refKey(ref)}`);
      throw isRuntimeError(error) ? error : new RuntimeError('E_STORAGE_UNAVAILABLE', `archive failed for expert ${refKey(ref)}: ${(error as Error).message}`);
    }
  }

  /**
   * SPEC-045 §4.2: one request, holding no lease, for the predicted experts of `layer` that are neither hot nor
   * loading, in prediction order as far as freeable slots allow, placed in ascending id order; nothing when requests
   * are waiting, so that a prefetch never overtakes a pass. Returns the experts it placed, ascending.
   */
  prefetch(layer: number, predicted: readonly number[]): number[] {
    if (this.poisoned !== undefined || this.queue.length > 0) return [];
    const { unpinsPinned, requestsHot } = this.behaviour.prefetch;
    if (unpinsPinned) for (const slot of this.arena.occupied()) if (slot.leases === 0) slot.pinned = false;
    const key = (expert: number): string => refKey({ layer, expert });
    const fresh = predicted.filter((expert) => !this.slotOf.has(key(expert)));
    // REQ-045-003: only slots that are empty or hold an expert neither leased, pinned nor loading.
    const room = this.arena.freeable(new Set(fresh.map(key)), refKey);
    const staged = fresh.slice(0, room).sort((a, b) => a - b);
    const hot = requestsHot ? predicted.filter((expert) => this.slotOf.get(key(expert))?.filled === true) : [];
    const requested = [...staged, ...hot].sort((a, b) => a - b);
    if (requested.length === 0) return staged;
    this.prefetchLoads++;
    const done = (): void => {
      this.prefetchLoads--;
      this.pump();
    };
    this.grant({
      layer, experts: Int32Array.from(requested),
      resolve: (lease) => {
        lease.release();
        done();
      },
      // A failed prefetch load is counted like any other (SPEC-026 §4.3); only a pass that needs the expert fails.
      reject: done,
    });
    return staged;
  }

  /** Stages experts cold at load (SPEC-021 §4.2): in batch order, each only if it fits what is left of coldBytes. */
  stageAtLoad(batch: readonly StagedExpert[]): Promise<void> {
    return this.staging.stage(batch, this.behaviour.loadStagingEvicts);
  }

  /** Held by a lease or still loading (SPEC-027 §4.1). */
  private inUse(ref: ExpertRef): boolean {
    const slot = this.slotOf.get(refKey(ref));
    return slot !== undefined && (slot.leases > 0 || !slot.filled);
  }

  private forgetIfGone(ref: ExpertRef): void {
    if (!this.slotOf.has(refKey(ref)) && !this.warm.has(ref) && !this.cold.has(ref)) this.usage.forget(ref);
  }

  /** Where an expert is now: the fastest tier holding it, or null when only the archive has it. */
  residency(ref: ExpertRef): Residency | null {
    if (this.slotOf.get(refKey(ref))?.filled === true) return 'hot';
    if (this.warm.has(ref)) return 'warm';
    return this.cold.has(ref) ? 'cold' : null;
  }

  isPinned(ref: ExpertRef): boolean {
    return this.slotOf.get(refKey(ref))?.pinned === true;
  }

  /** Every expert held by some tier, in (layer, expert) order. */
  residents(): { ref: ExpertRef; tier: Residency; pinned: boolean }[] {
    const refs = new Map<string, ExpertRef>();
    for (const slot of this.arena.occupied()) if (slot.filled) refs.set(refKey(slot.usage.ref), slot.usage.ref);
    for (const ref of [...this.warm.refs(), ...this.cold.refs()]) refs.set(refKey(ref), ref);
    return [...refs.values()]
      .sort((a, b) => a.layer - b.layer || a.expert - b.expert)
      .map((ref) => ({ ref, tier: this.residency(ref)!, pinned: this.isPinned(ref) }));
  }

  /** Loads an expert hot and pins it there (SPEC-027 §4.3); at least one slot always stays unpinned. */
  async pin(ref: ExpertRef): Promise<void> {
    this.checkRef(ref);
    if (this.isPinned(ref)) return;
    const pinnable = this.behaviour.pinEverySlot ? this.arena.slotCount : this.arena.slotCount - 1;
    if (this.arena.pinnedCount + 1 > pinnable) {
      throw new RuntimeError('E_STORAGE_BUDGET', `pinning would leave no unpinned hot slot (${this.arena.slotCount} slots)`);
    }
    const lease = await this.acquire(ref.layer, Int32Array.of(ref.expert));
    const slot = this.slotOf.get(refKey(ref));
    if (slot !== undefined) slot.pinned = true;
    lease.release();
  }

  unpin(ref: ExpertRef): void {
    this.checkRef(ref);
    const slot = this.slotOf.get(refKey(ref));
    if (slot !== undefined && !this.behaviour.unpinIgnored) slot.pinned = false;
    this.pump();
  }

  /** E_STORAGE_EXPERT unless the model has this layer and expert (SPEC-027 §4.3). */
  checkRef(ref: ExpertRef): void {
    const ok = (n: number, bound: number) => Number.isSafeInteger(n) && n >= 0 && n < bound;
    if (this.behaviour.pinUnchecked) return;
    if (!ok(ref.layer, this.layers) || !ok(ref.expert, this.expertsPerLayer)) {
      throw new RuntimeError('E_STORAGE_EXPERT', `no expert ${ref.expert} in layer ${ref.layer}`);
    }
  }

  /** Damages an expert's cold copy (conformance control API); false when the cold tier does not hold it. */
  damageCold(ref: ExpertRef, kind: ColdDamage): Promise<boolean> {
    this.checkRef(ref);
    return this.cold.damage(ref, kind);
  }

  /** Drops the hot and warm copies of every unleased, unpinned expert (conformance control API: a cold start). */
  dropMemoryTiers(): void {
    for (const slot of this.arena.occupied()) {
      if (slot.leases > 0 || slot.pinned || !slot.filled) continue;
      this.arena.slots[slot.index] = null;
      this.slotOf.delete(refKey(slot.usage.ref));
      this.forgetIfGone(slot.usage.ref);
    }
    if (this.behaviour.evictMemoryKeepsWarm) return;
    for (const ref of this.warm.refs()) {
      this.warm.take(ref);
      this.forgetIfGone(ref);
    }
  }

  async close(): Promise<void> {
    this.warm.clear();
    await this.cold.clear();
  }
}
