// The http archive read by byte ranges (SPEC-025 §4.2): an expert lost from every tier is read back from its layer
// shard as three ranges (its W1, W2 and W3 slices of the stacked tensors), not as the whole shard. The shard as a
// whole cannot be checked against its manifest SHA-256 from a range, so each range is checked against a digest taken
// when the model was loaded, from the bytes that had then passed the manifest check: the trust still comes from the
// manifest. Transient failures (connection, timeout, non-2xx) are retried twice with a short backoff; a store that
// ignores ranges (200 instead of 206) is read whole, as ShardArchive does, from then on.

import { sha256Hex } from '../../numeric/sha256-hex.ts';
import type { Clock } from '../../clock.ts';
import { isRuntimeError, RuntimeError } from '../../errors.ts';
import { fetchBytes, RANGE_IGNORED } from '../../model/fetch-bytes.ts';
import type { Manifest } from '../../model/manifest-types.ts';
import { parseStrictJson } from '../../model/strict-json.ts';
import { layerTensorNames } from '../../model/tensor-layout.ts';
import { ShardArchive, type LayerExpertFetcher } from './expert-archive.ts';
import { LITTLE_ENDIAN, readFloat32Le, type ExpertRef, type ExpertShape } from './expert-payload.ts';

/** Backoff before the second and third attempt of a failed range read. */
export const RANGE_RETRY_DELAYS_MS: readonly number[] = [25, 100];
const MAX_HEADER_BYTES = 1024 * 1024;

type Stacked = { w1: Float32Array; w3: Float32Array; w2: Float32Array };
const TENSORS = ['w1', 'w2', 'w3'] as const;

/** Little-endian binary32 bytes of `values`, as a safetensors file stores them. */
function f32Bytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  values.forEach((value, i) => view.setFloat32(4 * i, value, true));
  return out;
}


export interface RangeArchiveOptions {
  manifestUrl: URL;
  manifest: Manifest;
  shape: ExpertShape;
  /** Whole-shard reads (verified against the manifest), for stores that ignore ranges and for snapshots. */
  wholeLayer: LayerExpertFetcher;
  clock: Clock;
  timeoutMs: number;
  /** Only the tier.archive-unverified fault: ranges are used without their digests being compared. */
  unverified?: boolean;
}

export class RangeArchive extends ShardArchive {
  private readonly options: RangeArchiveOptions;
  /** Per layer, per tensor, the SHA-256 of each expert's slice, from the verified load. */
  private readonly digests = new Map<number, Record<(typeof TENSORS)[number], string[]>>();
  private readonly layouts = new Map<number, Promise<{ url: URL; offsets: Record<(typeof TENSORS)[number], number> }>>();
  private rangesIgnored = false;
  /** Range requests made and bytes they returned (observability for tests and the bench). */
  rangeReads = 0;
  rangeBytes = 0;

  constructor(options: RangeArchiveOptions) {
    super(options.wholeLayer, options.shape);
    this.options = options;
  }

  /** Records the digests of every expert slice of a layer whose stacked tensors passed the manifest check. */
  recordVerifiedLayer(layer: number, stacked: Stacked): void {
    const n = this.options.shape.d * this.options.shape.dFF;
    const experts = stacked.w1.length / n;
    const of = (tensor: Float32Array) => Array.from({ length: experts }, (_, e) => sha256Hex(f32Bytes(tensor.subarray(e * n, (e + 1) * n))));
    this.digests.set(layer, { w1: of(stacked.w1), w2: of(stacked.w2), w3: of(stacked.w3) });
  }

  override async fetch(ref: ExpertRef): Promise<Float32Array> {
    const digests = this.digests.get(ref.layer);
    if (this.rangesIgnored || digests === undefined) return super.fetch(ref);
    try {
      return await this.fetchRanges(ref, digests);
    } catch (error) {
      if (!(isRuntimeError(error) && error.cause === RANGE_IGNORED)) throw error;
      this.rangesIgnored = true;
      return super.fetch(ref);
    }
  }

  private async fetchRanges(ref: ExpertRef, digests: Record<(typeof TENSORS)[number], string[]>): Promise<Float32Array> {
    const n = this.options.shape.d * this.options.shape.dFF;
    const { url, offsets } = await this.layout(ref.layer);
    const parts = await Promise.all(TENSORS.map(async (tensor) => {
      const start = offsets[tensor] + ref.expert * n * 4;
      const bytes = await this.readRange(url, start, start + n * 4 - 1);
      if (!this.options.unverified && sha256Hex(bytes) !== digests[tensor][ref.expert]) {
        throw new RuntimeError('E_STORAGE_UNAVAILABLE', `archive bytes of ${tensor} of expert ${ref.expert} in layer ${ref.layer} differ from the verified shard`);
      }
      return bytes;
    }));
    const payload = new Float32Array(3 * n);
    parts.forEach((bytes, k) => readFloat32Le(bytes, 0, n, payload, k * n));
    return payload;
  }

  /** Where each stacked expert tensor's data starts in the layer's shard, from its header (read by range once). */
  private layout(layer: number): Promise<{ url: URL; offsets: Record<(typeof TENSORS)[number], number> }> {
    let pending = this.layouts.get(layer);
    if (pending === undefined) {
      pending = this.readLayout(layer);
      pending.catch(() => this.layouts.delete(layer));
      this.layouts.set(layer, pending);
    }
    return pending;
  }

  private async readLayout(layer: number): Promise<{ url: URL; offsets: Record<(typeof TENSORS)[number], number> }> {
    const names = layerTensorNames(layer);
    const shard = this.options.manifest.shards.find((entry) => entry.tensors.includes(names.w1));
    if (shard === undefined) throw new RuntimeError('E_INTERNAL', `no shard holds ${names.w1}`);
    const url = new URL(shard.path, this.options.manifestUrl);
    const prefix = new DataView((await this.readRange(url, 0, 7)).slice().buffer);
    const headerLength = prefix.getUint32(0, true) + prefix.getUint32(4, true) * 2 ** 32;
    if (headerLength > MAX_HEADER_BYTES) throw new RuntimeError('E_STORAGE_UNAVAILABLE', `shard ${shard.path} declares a header of ${headerLength} bytes`);
    const header = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(await this.readRange(url, 8, 8 + headerLength - 1))) as Record<string, { data_offsets?: [number, number] }>;
    const start = (name: string): number => {
      const begin = header[name]?.data_offsets?.[0];
      if (typeof begin !== 'number') throw new RuntimeError('E_STORAGE_UNAVAILABLE', `shard ${shard.path} header lacks ${name}`);
      return 8 + headerLength + begin;
    };
    // A lying header only misplaces the ranges: their digests then fail.
    return { url, offsets: { w1: start(names.w1), w2: start(names.w2), w3: start(names.w3) } };
  }

  /** One range, retried on transient failures; a store that ignores ranges is reported at once. */
  private async readRange(url: URL, start: number, end: number): Promise<Uint8Array> {
    for (let attempt = 0; ; attempt++) {
      try {
        const bytes = await fetchBytes(url, {
          what: `bytes ${start}-${end} of ${url.pathname}`, timeoutMs: this.options.timeoutMs, maxBytes: end - start + 1, range: { start, end },
          tooLarge: () => new RuntimeError('E_STORAGE_UNAVAILABLE', `range ${start}-${end} of ${url.pathname} came back longer`),
        });
        this.rangeReads++;
        this.rangeBytes += bytes.length;
        return bytes;
      } catch (error) {
        const transient = isRuntimeError(error) && error.code === 'E_MODEL_FETCH_FAILED' && error.cause !== RANGE_IGNORED;
        if (!transient || attempt >= RANGE_RETRY_DELAYS_MS.length) {
          if (isRuntimeError(error) && error.cause === RANGE_IGNORED) throw error;
          throw new RuntimeError('E_STORAGE_UNAVAILABLE', `archive read failed: ${(error as Error).message}`);
        }
        await this.options.clock.sleep(RANGE_RETRY_DELAYS_MS[attempt]!);
      }
    }
  }
}
