// The routing and RoPE cases of ts-cases.mjs, computed by the TypeScript reference itself: routeRows on small models
// whose router rows are deliberately tied (so the seeded tie keys decide ranks), RopeTable.applyRow, SplitMix64
// stream outputs and SHA-256 stream keys. Format: see ts-cases.mjs.
import { routeRows } from '../../../reference/src/forward/moe-router.ts';
import { RopeTable } from '../../../reference/src/forward/rope.ts';
import { TokenLedger } from '../../../reference/src/forward/token-ledger.ts';
import { streamOutputInto } from '../../../reference/src/numeric/splitmix64.ts';
import { streamKey, tiebreakLabel } from '../../../reference/src/numeric/stream-key.ts';

// Router weights: 'plain' ordinary values, 'coarse' values from {-1, -0.5, 0, 0.5, 1} (exact dot products, many
// equal scores), 'awkward' the self-test's awkward binary32 values (zeros, subnormals, overflow to infinity).
function routerCase(gen, [T, G, E], [kT, kG, kE], d, rows, seed, layer, kind) {
  const make = (n) => {
    if (kind === 'awkward') return gen.awkwardFloats(n);
    if (kind === 'coarse') return Float32Array.from({ length: n }, () => (gen.below(5) - 2) / 2);
    return gen.ordinaryFloats(n, 1);
  };
  const tier = make(T * d);
  const group = make(T * G * d);
  const expert = make(T * G * E * d);
  // Copies of rows make exact ties under every parent (and two tiers alike).
  const copyRow = (w, from, to) => w.copyWithin(to * d, from * d, (from + 1) * d);
  if (T > 1) copyRow(tier, 0, T - 1);
  for (let t = 0; t < T; t++) {
    if (G > 1) copyRow(group, t * G, t * G + 1 + gen.below(G - 1));
    for (let g = 0; g < G; g++) {
      const first = (t * G + g) * E;
      if (E > 1) copyRow(expert, first + gen.below(E), first + gen.below(E));
      if (E > 2) copyRow(expert, first + 1, first + E - 1);
    }
  }
  const a = make(rows * d);
  // Row 0 all zeros: every score is +0, so every rank comes from the tie keys; row 1 (if any) all -0.
  a.fill(0, 0, d);
  if (rows > 1) a.fill(-0, d, 2 * d);
  const descriptor = {
    dModel: d,
    hierarchy: { tiers: T, groupsPerTier: G, expertsPerGroup: E },
    topK: { tier: kT, group: kG, expert: kE },
  };
  const ledger = new TokenLedger(rows);
  const routing = routeRows(descriptor, { tier, group, expert }, layer, seed, a, rows, ledger, new Int32Array(rows));
  const seedBytes = Buffer.from(seed, 'utf8');
  return [Int32Array.from([5, d, T, G, E, kT, kG, kE, layer, rows, seedBytes.length]), seedBytes,
    tier, group, expert, a, routing.tier, routing.group, routing.expert, routing.id, routing.gate];
}

function ropeCase(gen, heads, dHead, maxSeq, rows, base) {
  const table = new RopeTable(heads, dHead, base, maxSeq);
  const positions = Int32Array.from({ length: rows }, (_, r) => (r === 0 ? 0 : gen.below(maxSeq)));
  const x = gen.awkwardFloats(rows * heads * dHead);
  const out = Float32Array.from(x);
  for (let r = 0; r < rows; r++) table.applyRow(out, r, positions[r]);
  // The tables are private to RopeTable in TypeScript only; the native caller receives them the same way.
  return [Int32Array.from([6, heads, dHead, maxSeq, rows]), positions, table.cos, table.sin, x, out];
}

function splitmixCase(keyHi, keyLo, count) {
  const out = new Uint32Array(2 * count);
  for (let i = 0; i < count; i++) streamOutputInto(keyHi, keyLo, i, out, 2 * i);
  return [Int32Array.from([7, keyHi | 0, keyLo | 0, count]), out];
}

function streamKeyCase(label) {
  const bytes = Buffer.from(label, 'utf8');
  const key = streamKey(label);
  return [Int32Array.from([8, bytes.length]), bytes, Uint32Array.from([key.hi, key.lo])];
}

export function writeRouterCases(gen) {
  const parts = [[Int32Array.from([0x4c4c5231])]];
  const shapes = [
    [[2, 2, 4], [1, 2, 2], 8],
    [[16, 20, 20], [2, 3, 2], 16],
    [[3, 5, 7], [3, 5, 7], 5],
    [[1, 1, 1], [1, 1, 1], 1],
    [[2, 2, 40], [1, 2, 34], 4],
  ];
  for (const seed of ['0', '7004', '18446744073709551615']) {
    for (const layer of [0, 1]) {
      for (const [hierarchy, k, d] of shapes) {
        for (const kind of ['plain', 'coarse', 'awkward']) {
          const rows = kind === 'coarse' ? 13 : layer === 0 ? 3 : 9;
          parts.push(routerCase(gen, hierarchy, k, d, rows, seed, layer, kind));
        }
      }
    }
  }
  const ropeShapes = [[1, 2, 1, 1, 10000], [4, 16, 64, 7, 10000], [3, 64, 300, 12, 500000]];
  for (const [heads, dHead, maxSeq, rows, base] of ropeShapes) {
    parts.push(ropeCase(gen, heads, dHead, maxSeq, rows, base));
  }
  const keys = [[0, 0], [0xffffffff, 0xffffffff], [0x9e3779b9, 0x7f4a7c15], [0x01234567, 0x89abcdef], [0x80000000, 1]];
  for (const [hi, lo] of keys) parts.push(splitmixCase(hi, lo, 5));
  // Labels of 55/56/64 bytes sit at the one-block/two-block padding boundaries of SHA-256.
  const labels = ['', 'abc', tiebreakLabel('7004', 1, 'expert', '3.12'), 'é ünïcødé 🙂',
    'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'w'.repeat(200)];
  for (const label of labels) parts.push(streamKeyCase(label));
  return Buffer.concat(parts.flat().map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)));
}
