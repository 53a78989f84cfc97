// The paged KV cache (SPEC-046): a pool of fixed-size pages, each holding the keys and values of PAGE_TOKENS
// consecutive positions for every layer of one model. A generation reserves all the pages it can need when it is
// admitted, so it never runs out mid-stream. Full prompt pages are indexed under a tenant-keyed prefix key and stay
// cached after their generation ends, unreferenced, until a reservation needs the space: then the least recently
// used cached page is evicted first (logical clock, so eviction depends only on the order of requests).

export const PAGE_TOKENS = 16;

export interface PageShape {
  layers: number;
  d: number;
}

/** Floats in one page of `shape`. */
export function pageLength(shape: PageShape): number {
  return shape.layers * 2 * PAGE_TOKENS * shape.d;
}

/** One page: [layer][K|V][slot][d] as one Float32Array. */
export class KvPage {
  readonly id: number;
  readonly shape: PageShape;
  readonly data: Float32Array;
  /** Generations holding this page. */
  refs = 0;
  /** Its prefix key while indexed, else null. */
  prefixKey: string | null = null;
  /** Logical time of the last reservation that used it (LRU order of cached pages). */
  lastUsed = 0;
  private readonly blocks: Float32Array[] = [];

  /** `data`, when given, is a zeroed buffer of pageLength(shape) floats that the page takes over. */
  constructor(id: number, shape: PageShape, data: Float32Array = new Float32Array(pageLength(shape))) {
    if (data.length !== pageLength(shape)) throw new Error('a page buffer holds exactly one page of its shape');
    this.id = id;
    this.shape = shape;
    this.data = data;
  }

  /** Offset of slot `slot`'s key (part 0) or value (part 1) row of `layer`. */
  offset(layer: number, part: 0 | 1, slot: number): number {
    return ((layer * 2 + part) * PAGE_TOKENS + slot) * this.shape.d;
  }

  /** The keys (part 0) or values (part 1) of every slot of `layer`, [PAGE_TOKENS, d]; a view made once per page. */
  block(layer: number, part: 0 | 1): Float32Array {
    const index = layer * 2 + part;
    let view = this.blocks[index];
    if (view === undefined) {
      const at = this.offset(layer, part, 0);
      view = this.data.subarray(at, at + PAGE_TOKENS * this.shape.d);
      this.blocks[index] = view;
    }
    return view;
  }
}

export interface PoolFigures {
  pageTokens: number;
  pagesTotal: number;
  pagesFree: number;
  pagesActive: number;
  pagesCached: number;
  prefixHits: number;
  prefixTokensReused: number;
  evictions: number;
}

export interface PoolFaults {
  /** kv.admit-without-pages: reservations never wait; pages beyond the pool are borrowed. */
  admitWithoutPages: boolean;
  /** kv.evict-most-recent: the most recently used cached page is evicted first. */
  evictMostRecent: boolean;
}

export const NO_POOL_FAULTS: PoolFaults = { admitWithoutPages: false, evictMostRecent: false };

export class KvPagePool {
  private total = 0;
  private readonly faults: PoolFaults;
  private nextId = 0;
  private clock = 0;
  /** Pages handed out (active or cached), by id. */
  private readonly pages = new Map<number, KvPage>();
  /** Indexed prefix pages by key. */
  private readonly prefixes = new Map<string, KvPage>();
  /** Free page ids, ascending: the lowest is handed out first. */
  private readonly freeIds: number[] = [];
  /** Pages handed out that some generation holds (the others are cached). */
  private active = 0;
  /**
   * Buffers of dropped pages by length, zeroed, kept for the next page of that size so that the pool does not
   * allocate (and the collector does not reclaim) a page's memory for every generation. Together with the pages
   * handed out they never exceed the pool's size.
   */
  private readonly spares = new Map<number, Float32Array[]>();
  private spareCount = 0;
  private hits = 0;
  private reusedTokens = 0;
  private evictionCount = 0;

  constructor(pagesTotal: number, faults: PoolFaults = NO_POOL_FAULTS) {
    this.faults = faults;
    this.reset(pagesTotal);
  }

  get pagesTotal(): number {
    return this.total;
  }

  /** Empties the pool and its prefix index and zeroes its counters (control reset and resize; nothing may run). */
  reset(pagesTotal: number = this.total): void {
    if (!Number.isInteger(pagesTotal) || pagesTotal < 1) throw new Error('the KV pool needs at least one page');
    this.total = pagesTotal;
    this.pages.clear();
    this.prefixes.clear();
    this.freeIds.length = 0;
    this.active = 0;
    this.spares.clear();
    this.spareCount = 0;
    this.nextId = 0;
    this.clock = 0;
    this.hits = 0;
    this.reusedTokens = 0;
    this.evictionCount = 0;
  }

  /** The cached page under `key` for `shape`, or undefined. */
  lookup(key: string, shape: PageShape): KvPage | undefined {
    const page = this.prefixes.get(key);
    return page !== undefined && page.shape.layers === shape.layers && page.shape.d === shape.d ? page : undefined;
  }

  /** Unreferenced cached pages, eviction candidates. */
  private evictable(excluding: ReadonlySet<KvPage>): KvPage[] {
    const out: KvPage[] = [];
    for (const page of this.prefixes.values()) {
      if (page.refs === 0 && !excluding.has(page)) out.push(page);
    }
    return out;
  }

  /** Whether `count` new pages could be reserved now, keeping the `reused` pages. */
  canReserve(count: number, reused: readonly KvPage[]): boolean {
    // Under kv.admit-without-pages: every reservation goes through.
    if (this.faults.admitWithoutPages) return true;
    const free = this.total - this.pages.size;
    // Every unreferenced page handed out is a cached one, and so evictable, except the reused pages it keeps.
    const kept = new Set(reused.filter((page) => page.refs === 0)).size;
    return free + (this.pages.size - this.active) - kept >= count;
  }

  /**
   * Reserves `count` new pages for `shape` and retains `reused` (prefix hits), evicting cached pages as needed.
   * Call only after canReserve said yes. Returns the reused pages followed by the new ones.
   */
  reserve(count: number, reused: readonly KvPage[], shape: PageShape): KvPage[] {
    const now = ++this.clock;
    for (const page of reused) {
      if (page.refs === 0) this.active++;
      page.refs++;
      page.lastUsed = now;
      this.hits++;
      this.reusedTokens += PAGE_TOKENS;
    }
    const fresh: KvPage[] = [];
    // Reserving changes no candidate's place in the eviction order, so the order is worked out once, when first needed.
    let victims: KvPage[] | null = null;
    for (let i = 0; i < count; i++) {
      if (this.pages.size >= this.total) {
        victims ??= this.evictionOrder(new Set(reused));
        const victim = victims.shift();
        // Only kv.admit-without-pages reserves past the pool with nothing left to evict: the page is borrowed.
        if (victim !== undefined) this.evict(victim);
      }
      const id = this.freeIds.length > 0 ? this.freeIds.shift()! : this.nextId++;
      const page = new KvPage(id, shape, this.buffer(shape));
      page.refs = 1;
      this.active++;
      page.lastUsed = now;
      this.pages.set(id, page);
      fresh.push(page);
    }
    return [...reused, ...fresh];
  }

  /** Unreferenced cached pages (but `keep`) in the order they are evicted. */
  private evictionOrder(keep: ReadonlySet<KvPage>): KvPage[] {
    // Least recently used first; equal times (pages of one prompt) by page id, so the order is reproducible.
    const candidates = this.evictable(keep).sort((a, b) => a.lastUsed - b.lastUsed || a.id - b.id);
    // Under kv.evict-most-recent: the most recently used cached page goes first.
    return this.faults.evictMostRecent ? candidates.reverse() : candidates;
  }

  private evict(victim: KvPage): void {
    this.prefixes.delete(victim.prefixKey!);
    victim.prefixKey = null;
    this.evictionCount++;
    this.drop(victim);
  }

  private drop(page: KvPage): void {
    this.pages.delete(page.id);
    let at = this.freeIds.length;
    while (at > 0 && this.freeIds[at - 1]! > page.id) at--;
    this.freeIds.splice(at, 0, page.id);
    if (this.pages.size + this.spareCount < this.total) {
      page.data.fill(0);
      const list = this.spares.get(page.data.length);
      if (list === undefined) this.spares.set(page.data.length, [page.data]);
      else list.push(page.data);
      this.spareCount++;
    }
  }

  /** A zeroed buffer for a new page of `shape`: a spare of that size, else a new one (dropping a spare of another size if the pool would hold more than its size). */
  private buffer(shape: PageShape): Float32Array {
    const length = pageLength(shape);
    const spare = this.spares.get(length)?.pop();
    if (spare !== undefined) {
      this.spareCount--;
      return spare;
    }
    if (this.spareCount > 0 && this.pages.size + this.spareCount >= this.total) {
      for (const list of this.spares.values()) {
        if (list.pop() === undefined) continue;
        this.spareCount--;
        break;
      }
    }
    return new Float32Array(length);
  }

  /** Indexes a full prompt page under its prefix key (first writer wins; an existing entry is kept). */
  index(page: KvPage, key: string): void {
    if (page.prefixKey !== null || this.prefixes.has(key)) return;
    page.prefixKey = key;
    this.prefixes.set(key, page);
  }

  /** Releases a generation's pages: unindexed pages become free, indexed ones stay cached. */
  release(pages: readonly KvPage[]): void {
    for (const page of pages) {
      page.refs--;
      if (page.refs > 0) continue;
      this.active--;
      if (page.prefixKey === null) this.drop(page);
    }
  }

  figures(): PoolFigures {
    return {
      pageTokens: PAGE_TOKENS, pagesTotal: this.total, pagesFree: Math.max(0, this.total - this.pages.size),
      pagesActive: this.active, pagesCached: this.pages.size - this.active, prefixHits: this.hits, prefixTokensReused: this.reusedTokens,
      evictions: this.evictionCount,
    };
  }
}
