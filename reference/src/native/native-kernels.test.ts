// The native kernels against the TypeScript kernels they replace: same bits for every shape, batch size, thread count
// and instruction set. Without a built addon these tests skip with the reason, except under LITELLM_REQUIRE_NATIVE=1
// (CI), where a missing addon is a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attendCausal, KvCache } from '../forward/attention.ts';
import { matmulRows, rmsNormRows, silu } from '../forward/kernels.ts';
import { routeRows } from '../forward/moe-router.ts';
import { RopeTable } from '../forward/rope.ts';
import type { Descriptor } from '../model/manifest-types.ts';
import { EXPERTS, TokenLedger } from '../forward/token-ledger.ts';
import {
  ISA_NAMES, TYPESCRIPT_BACKEND, loadAddon, parseKernelChoice, selectBackend, withKernelBackend, type KernelBackend, type NativeAddon,
} from './native-kernels.ts';

const addon = loadAddon();
const required = process.env.LITELLM_REQUIRE_NATIVE === '1';
const skip = addon === null ? 'native/build/Release/litellm_native.node is not built (npm run native:build)' : false;
const TS = TYPESCRIPT_BACKEND;

test('LITELLM_KERNELS choices parse, and anything else is refused with a code', () => {
  assert.equal(parseKernelChoice(undefined), 'auto');
  assert.equal(parseKernelChoice('typescript'), 'typescript');
  assert.equal(parseKernelChoice('native'), 'native');
  assert.throws(() => parseKernelChoice('gpu'), { code: 'E_PROTOCOL_BAD_REQUEST' });
});

test('backend selection: typescript never loads, auto falls back, native without an addon fails at start', () => {
  let loads = 0;
  const none = () => {
    loads++;
    return null;
  };
  assert.equal(selectBackend('typescript', none).name, 'typescript');
  assert.equal(loads, 0);
  assert.equal(selectBackend('auto', none).name, 'typescript');
  assert.throws(() => selectBackend('native', none), { code: 'E_INTERNAL' });
});

test('the addon is built where CI requires it', { skip: !required && 'LITELLM_REQUIRE_NATIVE is not set' }, () => {
  assert.ok(addon !== null, 'LITELLM_REQUIRE_NATIVE=1 but the addon does not load');
});

function nativeBackends(a: NativeAddon): KernelBackend[] {
  return a.availableIsas().map((name) => ({ addon: a, isa: ISA_NAMES.indexOf(name), name: `native-${name}` }));
}

/** binary32 values with the awkward ones in: zeros of both signs, subnormals, large and small magnitudes. */
const f32 = fc.oneof(
  { weight: 8, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true, min: -8, max: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1.401298464324817e-45, -2.938735877055719e-39, 3.0e30, -1.5e-30) },
);
const floats = (length: number) => fc.array(f32, { minLength: length, maxLength: length }).map((values) => Float32Array.from(values));

test('matmulRows: native equals TypeScript bit for bit, every ISA, rows 1..64, odd shapes', { skip }, () => {
  const a = addon!;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 37 }), fc.integer({ min: 1, max: 41 }), fc.integer({ min: 0, max: 2 }), (rows, outDim, inDim, skipRows) =>
      fc.assert(
        fc.property(floats((outDim + skipRows) * inDim), floats(rows * inDim), (W, X) => {
          const charge = () => ({ ledger: new TokenLedger(rows), category: EXPERTS, tokens: Int32Array.from({ length: rows }, (_, p) => p) });
          const expected = new Float32Array(rows * outDim);
          withKernelBackend(TS, () => matmulRows(W, skipRows * inDim, outDim, inDim, X, rows, expected, charge()));
          for (const backend of nativeBackends(a)) {
            const got = new Float32Array(rows * outDim);
            withKernelBackend(backend, () => matmulRows(W, skipRows * inDim, outDim, inDim, X, rows, got, charge()));
            assert.deepEqual(new Uint32Array(got.buffer), new Uint32Array(expected.buffer), backend.name);
          }
        }),
        { numRuns: 3 },
      ),
    ),
    { numRuns: 60 },
  );
});

test('expertFfnRuns: every run equals the TypeScript FFN of its rows, with one thread or two, every ISA', { skip }, () => {
  const a = addon!;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 64 }), fc.integer(),
      (d, dFF, experts, total, seed) => {
        const random = mulberry(seed);
        const values = (n: number) => Float32Array.from({ length: n }, () => Math.fround((random() - 0.5) * 4));
        const w1 = values(experts * dFF * d);
        const w3 = values(experts * dFF * d);
        const w2 = values(experts * d * dFF);
        const X = values(total * d);
        // Runs cover the rows in order, each with a random expert.
        const starts: number[] = [];
        for (let start = 0; start < total; start += 1 + Math.floor(random() * 7)) starts.push(start);
        const runStart = Int32Array.from(starts);
        const runCount = runStart.map((start, r) => (r + 1 < starts.length ? starts[r + 1]! : total) - start);
        const runExpert = runStart.map(() => Math.floor(random() * experts));
        const expected = new Float32Array(total * d);
        for (let r = 0; r < runStart.length; r++) {
          for (let p = runStart[r]!; p < runStart[r]! + runCount[r]!; p++) {
            expected.set(tsFfn(w1, w3, w2, runExpert[r]!, d, dFF, X.subarray(p * d, (p + 1) * d)), p * d);
          }
        }
        for (const backend of nativeBackends(a)) {
          for (const threads of [1, 2]) {
            const got = new Float32Array(total * d);
            a.expertFfnRuns(backend.isa, w1, w3, w2, d, dFF, X, runExpert, runStart, runCount, got, threads);
            assert.deepEqual(new Uint32Array(got.buffer), new Uint32Array(expected.buffer), `${backend.name}, ${threads} thread(s)`);
          }
        }
      }),
    { numRuns: 80 },
  );
});

/** The TypeScript FFN of one row through expert e (expert-dispatch.ts's math, one row at a time). */
function tsFfn(w1: Float32Array, w3: Float32Array, w2: Float32Array, e: number, d: number, dFF: number, x: Float32Array): Float32Array {
  return withKernelBackend(TS, () => {
    const charge = { ledger: new TokenLedger(1), category: EXPERTS, tokens: Int32Array.of(0) };
    const u = new Float32Array(dFF);
    const v = new Float32Array(dFF);
    matmulRows(w1, e * dFF * d, dFF, d, x, 1, u, charge);
    matmulRows(w3, e * dFF * d, dFF, d, x, 1, v, charge);
    for (let j = 0; j < dFF; j++) u[j] = Math.fround(silu(u[j]!) * v[j]!);
    const y = new Float32Array(d);
    matmulRows(w2, e * d * dFF, d, dFF, u, 1, y, charge);
    return y;
  });
}

function mulberry(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('expertFfnRunsAsync settles with the same bits as the call on the JavaScript thread, and refuses bad arguments', { skip }, async () => {
  const a = addon!;
  const random = mulberry(7);
  const values = (n: number) => Float32Array.from({ length: n }, () => Math.fround((random() - 0.5) * 4));
  const [d, dFF, experts, total] = [16, 40, 3, 37];
  const w1 = values(experts * dFF * d);
  const w3 = values(experts * dFF * d);
  const w2 = values(experts * d * dFF);
  const X = values(total * d);
  const runs = [Int32Array.of(2, 0, 1), Int32Array.of(0, 5, 6), Int32Array.of(5, 1, 31)] as const;
  const sync = new Float32Array(total * d);
  a.expertFfnRuns(a.availableIsas().length - 1, w1, w3, w2, d, dFF, X, ...runs, sync, 2);
  const async = new Float32Array(total * d);
  await a.expertFfnRunsAsync(a.availableIsas().length - 1, w1, w3, w2, d, dFF, X, ...runs, async, 2);
  assert.deepEqual(new Uint32Array(async.buffer), new Uint32Array(sync.buffer));
  assert.throws(() => a.expertFfnRunsAsync(0, w1, w3, w2, d, dFF, X, Int32Array.of(3), Int32Array.of(0), Int32Array.of(1), async, 1), { code: 'E_INTERNAL' });
});

test('rmsnormRows and attention: native equals TypeScript bit for bit', { skip }, () => {
  const a = addon!;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 5 }), fc.integer(),
      (heads, halfHead, count, firstPos, seed) => {
        const random = mulberry(seed);
        const dHead = 2 * halfHead;
        const d = heads * dHead;
        const values = (n: number) => Float32Array.from({ length: n }, () => Math.fround((random() - 0.5) * 6));
        const x = values(count * d);
        const w = values(d);
        const expectedNorm = new Float32Array(count * d);
        const gotNorm = new Float32Array(count * d);
        const charge = { ledger: new TokenLedger(count), category: EXPERTS, tokens: Int32Array.from({ length: count }, (_, p) => p) };
        withKernelBackend(TS, () => rmsNormRows(x, count, d, w, expectedNorm, charge));
        withKernelBackend({ addon: a, isa: 0, name: 'native' }, () => rmsNormRows(x, count, d, w, gotNorm, charge));
        assert.deepEqual(new Uint32Array(gotNorm.buffer), new Uint32Array(expectedNorm.buffer));

        const cache = new KvCache(1, firstPos + count, d);
        cache.append(0, values((firstPos + count) * d), values((firstPos + count) * d), 0, firstPos + count);
        const q = values((count + 1) * d);
        const run = (backend: KernelBackend) => {
          const out = new Float32Array((count + 1) * d);
          const ledger = new TokenLedger(count + 1);
          withKernelBackend(backend, () => attendCausal(q, 1, count, firstPos, cache, 0, { heads, dHead }, out, ledger, Int32Array.from({ length: count + 1 }, (_, p) => p)));
          return { out, flops: Array.from({ length: count + 1 }, (_, p) => ledger.flopsOf(p).attention) };
        };
        const expected = run(TS);
        const got = run({ addon: a, isa: 0, name: 'native' });
        assert.deepEqual(new Uint32Array(got.out.buffer), new Uint32Array(expected.out.buffer));
        assert.deepEqual(got.flops, expected.flops);
      }),
    { numRuns: 80 },
  );
});

test('routeRows: native selections, ids, binary64 gates and router charges equal TypeScript, ties and tier masks included', { skip }, () => {
  const a = addon!;
  const hierarchies = [[2, 2, 4, 1, 2, 2], [3, 4, 5, 2, 3, 2], [16, 20, 20, 1, 2, 2], [1, 1, 3, 1, 1, 3]] as const;
  fc.assert(
    fc.property(fc.constantFrom(...hierarchies), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom('0', '7004', '18446744073709551615'),
      fc.integer({ min: 0, max: 3 }), fc.integer(), fc.boolean(), fc.boolean(), (h, d, rows, seed, layer, dataSeed, tied, masked) => {
        const [T, G, E, kT, kG, kE] = h;
        const random = mulberry(dataSeed);
        const values = (n: number) => Float32Array.from({ length: n }, () => Math.fround((random() - 0.5) * 4));
        const router = { tier: values(T * d), group: values(T * G * d), expert: values(T * G * E * d) };
        if (tied) {
          // Copies make whole rows equal, so equal scores are decided by the tie keys.
          if (T > 1) router.tier.copyWithin(d, 0, d);
          if (G > 1) router.group.copyWithin(d, 0, d);
          router.expert.copyWithin(d, 0, d);
          router.expert.copyWithin(2 * d, 0, d);
        }
        const descriptor = { dModel: d, hierarchy: { tiers: T, groupsPerTier: G, expertsPerGroup: E }, topK: { tier: kT, group: kG, expert: kE } } as unknown as Descriptor;
        const x = values(rows * d);
        const tokens = Int32Array.from({ length: rows }, (_, p) => p);
        // A SPEC-041 tier mask: a random proper subset of the tiers with at least kT of them (whole hierarchies have none).
        const allowed = Array.from({ length: T }, (_, t) => t).filter(() => random() < 0.5);
        for (let t = 0; allowed.length < kT; t++) if (!allowed.includes(t)) allowed.push(t);
        allowed.sort((p, q) => p - q);
        const policy = masked && allowed.length < T ? { topK: { tier: kT, group: kG, expert: kE }, allowedTiers: allowed } : undefined;
        const run = (backend: KernelBackend) => {
          const ledger = new TokenLedger(rows);
          const routing = withKernelBackend(backend, () => routeRows(descriptor, router, layer, seed, x, rows, ledger, tokens, policy));
          return { routing, flops: tokens.map((t) => ledger.flopsOf(t).router), bytes: Array.from(tokens, (t) => ledger.parameterBytesOf(t)) };
        };
        const expected = run(TS);
        if (policy !== undefined) assert.ok(expected.routing.tier.every((t) => allowed.includes(t)), 'only allowed tiers are selected');
        for (const backend of nativeBackends(a)) assert.deepEqual(run(backend), expected, backend.name);
      }),
    { numRuns: 200 },
  );
});

test('ropeRows rotates every row as RopeTable.applyRow does', { skip }, () => {
  const a = addon!;
  for (const [heads, dHead, maxSeq] of [[4, 8, 64], [1, 2, 5], [3, 6, 17]] as const) {
    const table = new RopeTable(heads, dHead, 10000, maxSeq);
    const rows = 2 * maxSeq;
    const random = mulberry(heads * 100 + dHead);
    const x = Float32Array.from({ length: rows * heads * dHead }, () => Math.fround((random() - 0.5) * 8));
    const positions = Int32Array.from({ length: rows }, (_, r) => (r * 7) % maxSeq);
    const expected = x.slice();
    for (let r = 0; r < rows; r++) table.applyRow(expected, r, positions[r]!);
    const { cos, sin } = table.tables();
    a.ropeRows(x, rows, positions, cos, sin, heads, dHead);
    assert.deepEqual(new Uint32Array(x.buffer), new Uint32Array(expected.buffer));
    assert.throws(() => a.ropeRows(x, 1, Int32Array.of(maxSeq), cos, sin, heads, dHead), { code: 'E_INTERNAL' });
  }
});

test('expJs is Math.exp bit for bit, and silu matches the TypeScript silu', { skip }, () => {
  const a = addon!;
  const specials = [0, -0, 1, -1, 0.5, 1e-300, -1e-300, 709.78, 709.79, -708.39, -745.13, -745.14, 88.7, -103.9, Infinity, -Infinity, NaN];
  for (const x of specials) assert.ok(Object.is(a.expJs(x), Math.exp(x)), `exp(${x})`);
  fc.assert(fc.property(fc.double({ min: -750, max: 750, noNaN: true }), (x) => Object.is(a.expJs(x), Math.exp(x))), { numRuns: 20000 });
  fc.assert(fc.property(fc.float({ noNaN: true }), (z) => Object.is(a.silu(z), silu(z))), { numRuns: 20000 });
});

test('the addon answers bad arguments with E_INTERNAL and keeps running', { skip }, () => {
  const a = addon!;
  const W = new Float32Array(6);
  assert.throws(() => a.matmulRows(0, W, 0, 3, 3, new Float32Array(3), 0, 1, new Float32Array(3), 0), { code: 'E_INTERNAL' });
  assert.throws(() => a.matmulRows(9, W, 0, 2, 3, new Float32Array(3), 0, 1, new Float32Array(2), 0), { code: 'E_INTERNAL' });
  assert.throws(() => a.expertFfnRuns(0, W, W, W, 1, 2, new Float32Array(2), Int32Array.of(5), Int32Array.of(0), Int32Array.of(1), new Float32Array(2), 1), { code: 'E_INTERNAL' });
  const Y = new Float32Array(2);
  a.matmulRows(0, W, 0, 2, 3, Float32Array.of(1, 1, 1), 0, 1, Y, 0);
  assert.deepEqual([...Y], [0, 0]);
});
