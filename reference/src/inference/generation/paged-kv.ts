// One generation's view of its KV pages (SPEC-046): position p of layer l lives in page floor(p / 16), slot p mod 16.
// Attention reads a layer's positions as one contiguous block, gathered from the pages into scratch just before it
// runs; the scratch is shared, which is safe because gathering and attending one sequence is synchronous.

import type { SequenceKv } from '../../forward/attention.ts';
import { PAGE_TOKENS, type KvPage } from './kv-pool.ts';

let keyScratch = new Float32Array(0);
let valueScratch = new Float32Array(0);

function scratch(which: 'k' | 'v', size: number): Float32Array {
  if (which === 'k') {
    if (keyScratch.length < size) keyScratch = new Float32Array(size);
    return keyScratch;
  }
  if (valueScratch.length < size) valueScratch = new Float32Array(size);
  return valueScratch;
}

export class PagedSequenceKv implements SequenceKv {
  private readonly pages: readonly KvPage[];
  private readonly d: number;
  private readonly lengths: Int32Array;

  /** `pages` in position order; the first `reusedPositions` positions are already in them (prefix pages). */
  constructor(pages: readonly KvPage[], layers: number, d: number, reusedPositions: number) {
    if (reusedPositions % PAGE_TOKENS !== 0) throw new Error('reused positions come in whole pages');
    this.pages = pages;
    this.d = d;
    this.lengths = new Int32Array(layers).fill(reusedPositions);
  }

  get capacity(): number {
    return this.pages.length * PAGE_TOKENS;
  }

  length(layer: number): number {
    return this.lengths[layer]!;
  }

  append(layer: number, k: Float32Array, v: Float32Array, firstRow: number, count: number): void {
    const { d } = this;
    const start = this.lengths[layer]!;
    if (start + count > this.capacity) throw new Error('a generation wrote past the KV pages it reserved');
    for (let r = 0; r < count; r++) {
      const position = start + r;
      const page = this.pages[Math.floor(position / PAGE_TOKENS)]!;
      const slot = position % PAGE_TOKENS;
      const source = (firstRow + r) * d;
      // Element by element: a row is short, and a view per row would be garbage for the collector.
      const { data } = page;
      const kAt = page.offset(layer, 0, slot);
      const vAt = page.offset(layer, 1, slot);
      for (let j = 0; j < d; j++) {
        data[kAt + j] = k[source + j]!;
        data[vAt + j] = v[source + j]!;
      }
    }
    this.lengths[layer] = start + count;
  }

  keysOf(layer: number): Float32Array {
    return this.gather(layer, 0);
  }

  valuesOf(layer: number): Float32Array {
    return this.gather(layer, 1);
  }

  private gather(layer: number, part: 0 | 1): Float32Array {
    const { d } = this;
    const length = this.lengths[layer]!;
    const out = scratch(part === 0 ? 'k' : 'v', Math.max(1, length) * d);
    for (let first = 0, p = 0; first < length; first += PAGE_TOKENS, p++) {
      const page = this.pages[p]!;
      const rows = Math.min(PAGE_TOKENS, length - first);
      const block = page.block(layer, part);
      out.set(rows === PAGE_TOKENS ? block : block.subarray(0, rows * d), first * d);
    }
    return out;
  }
}
