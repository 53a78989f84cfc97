// The native kernels (native/, a Node-API addon) when they are built, else null: the forward pass then runs its
// TypeScript kernels, which give the same bits (native/README.md states the contract). LITELLM_KERNELS picks:
// `auto` (default: native when built), `typescript` (never native), `native` (fail at start when not built).

import { createRequire } from 'node:module';
import path from 'node:path';
import { RuntimeError } from '../errors.ts';
import { repoRoot } from '../paths.ts';

/** Instruction sets, as the addon numbers them. */
export const ISA_NAMES = ['scalar', 'avx2', 'avx512'] as const;
export type IsaName = (typeof ISA_NAMES)[number];

export interface NativeAddon {
  bestIsa(): IsaName;
  availableIsas(): IsaName[];
  matmulRows(isa: number, W: Float32Array, wOffset: number, outDim: number, inDim: number, X: Float32Array, xOffset: number,
    rows: number, Y: Float32Array, yOffset: number): void;
  expertFfnRuns(isa: number, w1: Float32Array, w3: Float32Array, w2: Float32Array, d: number, dFF: number, X: Float32Array,
    runExpert: Int32Array, runStart: Int32Array, runCount: Int32Array, Y: Float32Array, threads: number): void;
  /** expertFfnRuns off the JavaScript thread; the arrays must be left alone until the promise settles. */
  expertFfnRunsAsync(isa: number, w1: Float32Array, w3: Float32Array, w2: Float32Array, d: number, dFF: number, X: Float32Array,
    runExpert: Int32Array, runStart: Int32Array, runCount: Int32Array, Y: Float32Array, threads: number): Promise<void>;
  rmsnormRows(x: Float32Array, rows: number, d: number, w: Float32Array, out: Float32Array): void;
  attendCausal(q: Float32Array, firstRow: number, count: number, firstPos: number, keys: Float32Array, values: Float32Array,
    heads: number, dHead: number, out: Float32Array): void;
  /**
   * moe-router.ts routeRows: shape is [d, tiers, groupsPerTier, expertsPerGroup, kTier, kGroup, kExpert];
   * allowedTiers the SPEC-041 tier mask (ascending distinct tiers), empty for every tier.
   */
  routeRows(isa: number, shape: Int32Array, routerTier: Float32Array, routerGroup: Float32Array, routerExpert: Float32Array,
    routingSeed: string, layer: number, a: Float32Array, rows: number,
    tier: Int32Array, group: Int32Array, expert: Int32Array, id: Uint32Array, gate: Float64Array, allowedTiers: Int32Array): void;
  /** RopeTable.applyRow for `rows` rows of x at the given positions. */
  ropeRows(x: Float32Array, rows: number, positions: Int32Array, cosTable: Float32Array, sinTable: Float32Array, heads: number, dHead: number): void;
  expJs(x: number): number;
  silu(z: number): number;
  /** weight-generator.ts fillWeightStream: out[j] = dyadic(output first + j of the stream keyed hi:lo) / scale. */
  weightStream(keyHi: number, keyLo: number, first: number, scale: number, out: Float32Array): void;
  blasLoad(): string | null;
  /** Benchmarks only: flushes a file and drops its pages from the OS cache; false where the OS ignores the advice. */
  dropPageCache(path: string): boolean;
  blasSgemmRows(W: Float32Array, outDim: number, inDim: number, X: Float32Array, rows: number, Y: Float32Array, threads: number): void;
}

export type KernelChoice = 'auto' | 'typescript' | 'native';

export const ADDON_PATH = path.join(repoRoot, 'native', 'build', 'Release', 'litellm_native.node');

/** Loads the addon from `file`; null when it is not there or does not load (a stale or foreign build). */
export function loadAddon(file: string = ADDON_PATH): NativeAddon | null {
  try {
    return createRequire(import.meta.url)(file) as NativeAddon;
  } catch {
    return null;
  }
}

export function parseKernelChoice(text: string | undefined): KernelChoice {
  if (text === undefined || text === '' || text === 'auto') return 'auto';
  if (text === 'typescript' || text === 'native') return text;
  throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', `LITELLM_KERNELS must be auto, typescript or native, not ${text}`);
}

export interface KernelBackend {
  /** The addon when the forward pass uses it. */
  addon: NativeAddon | null;
  /** Instruction set number passed to the addon (its best). */
  isa: number;
  /** What the info route reports: `native-<isa>` or `typescript`. */
  name: string;
}

/** The TypeScript kernels of reference/src/forward. */
export const TYPESCRIPT_BACKEND: Readonly<KernelBackend> = Object.freeze({ addon: null, isa: 0, name: 'typescript' });

export function selectBackend(choice: KernelChoice, load: () => NativeAddon | null = loadAddon): KernelBackend {
  if (choice === 'typescript') return TYPESCRIPT_BACKEND;
  const addon = load();
  if (addon === null) {
    if (choice === 'native') throw new RuntimeError('E_INTERNAL', `LITELLM_KERNELS=native but ${ADDON_PATH} is not built (npm run native:build)`);
    return TYPESCRIPT_BACKEND;
  }
  const best = addon.bestIsa();
  return { addon, isa: ISA_NAMES.indexOf(best), name: `native-${best}` };
}

let current: KernelBackend | undefined;

/** The process's kernel backend, chosen once from LITELLM_KERNELS. */
export function kernelBackend(): KernelBackend {
  current ??= selectBackend(parseKernelChoice(process.env.LITELLM_KERNELS));
  return current;
}

/** Replaces the process's backend (tests comparing native and TypeScript results in one process). */
export function useKernelBackend(backend: KernelBackend): KernelBackend {
  const previous = kernelBackend();
  current = backend;
  return previous;
}

/** Scopes of withKernelBackend(Async) open now: inside one, the backend in place is the one asked for. */
let scopes = 0;

/** Runs `f` with `backend` in place, then puts the previous backend back. */
export function withKernelBackend<T>(backend: KernelBackend, f: () => T): T {
  const previous = useKernelBackend(backend);
  scopes++;
  try {
    return f();
  } finally {
    scopes--;
    useKernelBackend(previous);
  }
}

/** withKernelBackend for asynchronous work: the previous backend comes back when `f`'s promise settles. */
export async function withKernelBackendAsync<T>(backend: KernelBackend, f: () => Promise<T>): Promise<T> {
  const previous = useKernelBackend(backend);
  scopes++;
  try {
    return await f();
  } finally {
    scopes--;
    useKernelBackend(previous);
  }
}

let streamAddon: NativeAddon | null | undefined;

/**
 * The addon for SPEC-010 weight streams. LITELLM_KERNELS chooses the forward-pass kernels; weight generation gives
 * the same values bit for bit either way, so it uses the addon whenever it is built, except inside a
 * withKernelBackend scope (tests comparing the two), which it follows.
 */
export function weightStreamAddon(): NativeAddon | null {
  if (scopes > 0) return kernelBackend().addon;
  streamAddon ??= kernelBackend().addon ?? loadAddon();
  return streamAddon;
}
