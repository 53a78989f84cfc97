// The hot tier (SPEC-021 §4.1): a fixed number of slots, each holding one expert's W1, W3 and W2 at the same slot
// index of three arena arrays laid out like the stacked expert tensors, so the expert kernels read a hot expert
// exactly as they read a resident one (slot index in place of expert id). A slot in use by a forward pass (leased)
// or pinned is never evicted (SPEC-027 §4.1).

import type { ExpertRef, ExpertShape } from './expert-payload.ts';
import type { Usage } from './usage-order.ts';

export interface HotSlot {
  index: number;
  /** The store's usage record of the expert in this slot. */
  usage: Usage;
  /** Forward passes holding this slot now. */
  leases: number;
  pinned: boolean;
  /** Settles when the slot's payload is in place; rejected when its load failed. */
  ready: Promise<void>;
  filled: boolean;
}

export class HotArena {
  readonly w1: Float32Array;
  readonly w3: Float32Array;
  readonly w2: Float32Array;
  readonly slotCount: number;
  private readonly shape: ExpertShape;
  /** Slot contents; null for an empty slot. */
  readonly slots: (HotSlot | null)[];

  constructor(slotCount: number, shape: ExpertShape) {
    const n = shape.d * shape.dFF;
    this.slotCount = slotCount;
    this.shape = shape;
    this.w1 = new Float32Array(slotCount * n);
    this.w3 = new Float32Array(slotCount * n);
    this.w2 = new Float32Array(slotCount * n);
    this.slots = new Array<HotSlot | null>(slotCount).fill(null);
  }

  /** Writes a payload [W1 | W2 | W3] into slot `index`. */
  write(index: number, payload: Float32Array): void {
    const n = this.shape.d * this.shape.dFF;
    this.w1.set(payload.subarray(0, n), index * n);
    this.w2.set(payload.subarray(n, 2 * n), index * n);
    this.w3.set(payload.subarray(2 * n, 3 * n), index * n);
  }

  /** Copies slot `index` out as a payload (a demotion to the warm tier). */
  read(index: number): Float32Array {
    const n = this.shape.d * this.shape.dFF;
    const out = new Float32Array(3 * n);
    out.set(this.w1.subarray(index * n, (index + 1) * n), 0);
    out.set(this.w2.subarray(index * n, (index + 1) * n), n);
    out.set(this.w3.subarray(index * n, (index + 1) * n), 2 * n);
    return out;
  }

  occupied(): HotSlot[] {
    return this.slots.filter((slot): slot is HotSlot => slot !== null);
  }

  /** Slots a new expert may take now: empty, or holding an expert neither leased, pinned, nor loading. */
  freeable(exclude: ReadonlySet<string>, key: (ref: ExpertRef) => string): number {
    let count = 0;
    for (const slot of this.slots) {
      if (slot === null || (slot.leases === 0 && !slot.pinned && slot.filled && !exclude.has(key(slot.usage.ref)))) count++;
    }
    return count;
  }

  get pinnedCount(): number {
    return this.slots.reduce((sum, slot) => sum + (slot?.pinned === true ? 1 : 0), 0);
  }
}
