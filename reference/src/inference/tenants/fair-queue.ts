// Fair queueing across tenants by virtual token counters (SPEC-050 §4.4), after the Virtual Token Counter scheduler
// of Sheng et al. (OSDI 2024): every tenant has a counter of the tokens it has been served; the queue hands out the
// oldest request of the tenant with the lowest counter, ties by earliest push. A tenant that becomes active (a push
// while it has nothing queued and nothing running) takes the lowest counter among the active tenants, so idle time
// is not banked as credit and past service is not held against it. With the admission charge this gives REQ-050-006:
// a newly active tenant is served before any tenant queued at its arrival is served twice.

import type { FaultSet } from '../../faults.ts';

export interface FairQueueOptions<T> {
  /**
   * Virtual tokens charged to a tenant when one of its items is popped (its admission): the scheduler passes the
   * request's prompt tokens. Must be ≥ 1 for the bound of REQ-050-006; defaults to 1 per request.
   */
  admissionTokens?: (item: T) => number;
  /** Whether a tenant has sequences running, which keeps it active with nothing queued; defaults to never. */
  isRunning?: (tenant: string) => boolean;
}

interface Entry<T> {
  item: T;
  tenant: string;
  seq: number;
}

interface TenantLine<T> {
  counter: number;
  entries: Entry<T>[];
}

export class FairQueue<T> {
  private readonly lines = new Map<string, TenantLine<T>>();
  private readonly admissionTokens: (item: T) => number;
  private readonly isRunning: (tenant: string) => boolean;
  private readonly fifo: boolean;
  private nextSeq = 0;
  private count = 0;

  constructor(faults: FaultSet, options: FairQueueOptions<T> = {}) {
    this.admissionTokens = options.admissionTokens ?? (() => 1);
    this.isRunning = options.isRunning ?? (() => false);
    // FAULT tenant.fifo-queue: pop hands out the earliest pushed item whatever its tenant's counter.
    this.fifo = faults.has('tenant.fifo-queue');
  }

  get size(): number {
    return this.count;
  }

  private line(tenant: string): TenantLine<T> {
    let line = this.lines.get(tenant);
    if (line === undefined) {
      line = { counter: 0, entries: [] };
      this.lines.set(tenant, line);
    }
    return line;
  }

  private isActive(tenant: string, line: TenantLine<T>): boolean {
    return line.entries.length > 0 || this.isRunning(tenant);
  }

  push(tenant: string, item: T): void {
    const line = this.line(tenant);
    if (!this.isActive(tenant, line)) {
      // Activation: the lowest counter among the other active tenants, so the newcomer neither starts behind them
      // nor brings credit from an idle spell (REQ-050-006).
      let lowest: number | null = null;
      for (const [other, otherLine] of this.lines) {
        if (other !== tenant && this.isActive(other, otherLine) && (lowest === null || otherLine.counter < lowest)) lowest = otherLine.counter;
      }
      if (lowest !== null) line.counter = lowest;
    }
    line.entries.push({ item, tenant, seq: this.nextSeq++ });
    this.count += 1;
  }

  /** The entry pop would hand out, without removing it. */
  private head(): Entry<T> | undefined {
    let best: { entry: Entry<T>; counter: number } | undefined;
    for (const line of this.lines.values()) {
      const entry = line.entries[0];
      if (entry === undefined) continue;
      const counter = this.fifo ? 0 : line.counter;
      if (best === undefined || counter < best.counter || (counter === best.counter && entry.seq < best.entry.seq)) {
        best = { entry, counter };
      }
    }
    return best?.entry;
  }

  /** The item pop would hand out next (the scheduler checks its pages before admitting it). */
  peek(): T | undefined {
    return this.head()?.item;
  }

  /** Removes and returns the oldest item of the tenant with the fewest virtual tokens served; charges its admission. */
  pop(): T | undefined {
    const entry = this.head();
    if (entry === undefined) return undefined;
    const line = this.line(entry.tenant);
    line.entries.shift();
    this.count -= 1;
    line.counter += this.admissionTokens(entry.item);
    return entry.item;
  }

  /** Adds `tokens` served to a tenant's counter (the scheduler charges each completion token). */
  charge(tenant: string, tokens: number): void {
    this.line(tenant).counter += tokens;
  }

  /** Removes a queued item (a cancelled request); false when it is not queued. */
  remove(item: T): boolean {
    for (const line of this.lines.values()) {
      const index = line.entries.findIndex((entry) => entry.item === item);
      if (index >= 0) {
        line.entries.splice(index, 1);
        this.count -= 1;
        return true;
      }
    }
    return false;
  }

  /** A tenant's virtual token counter (0 for a tenant never seen). */
  counterOf(tenant: string): number {
    return this.lines.get(tenant)?.counter ?? 0;
  }
}
