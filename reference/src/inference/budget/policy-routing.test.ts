import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeRows, type BatchRouting, type RouterPolicy } from '../../forward/moe-router.ts';
import { TokenLedger } from '../../forward/token-ledger.ts';
import { loadAddon, selectBackend, TYPESCRIPT_BACKEND, withKernelBackend } from '../../native/native-kernels.ts';
import { descriptorWith, forwardModel } from '../../test-support/forward-models.ts';

// Routing under a policy (SPEC-041/042/048) straight through routeRows: a model with tier k above 1 so that every
// level can be lowered, and a mask that leaves out the tiers the full routing prefers.
const DESCRIPTOR = descriptorWith({
  name: 'policy-wide', seed: '4242', layers: 1,
  hierarchy: { tiers: 5, groupsPerTier: 3, expertsPerGroup: 4 }, topK: { tier: 3, group: 2, expert: 3 },
});
const { dModel: d } = DESCRIPTOR;
const { tiers: T, groupsPerTier: G, expertsPerGroup: E } = DESCRIPTOR.hierarchy;
const ROWS = 12;
const router = forwardModel(DESCRIPTOR).transformer.layers[0]!.router;
const a = Float32Array.from({ length: ROWS * d }, (_, i) => (((i * 37 + 11) % 17) - 8) / 8 + ((i * 13) % 5) / 64);
const tokens = Int32Array.from({ length: ROWS }, (_, i) => i);

function route(policy?: RouterPolicy): { routing: BatchRouting; ledger: TokenLedger } {
  const ledger = new TokenLedger(ROWS);
  return { routing: routeRows(DESCRIPTOR, router, 0, DESCRIPTOR.seed, a, ROWS, ledger, tokens, policy), ledger };
}

function rowsOf(r: BatchRouting): { tier: number; group: number; expert: number; id: number; gate: number }[][] {
  return Array.from({ length: r.rows }, (_, row) => Array.from({ length: r.slots }, (_, s) => {
    const at = row * r.slots + s;
    return { tier: r.tier[at]!, group: r.group[at]!, expert: r.expert[at]!, id: r.id[at]!, gate: r.gate[at]! };
  }));
}

/** Binary32 tier scores of a row in ascending element order (SPEC-003 §4.8). */
function tierScores(row: number): number[] {
  return Array.from({ length: T }, (_, t) => {
    let sum = 0;
    for (let j = 0; j < d; j++) sum = Math.fround(sum + Math.fround(router.tier[t * d + j]! * a[row * d + j]!));
    return sum;
  });
}

const K = (tier: number, group: number, expert: number) => ({ tier, group, expert });

test('a policy equal to the descriptor routes exactly as no policy', () => {
  withKernelBackend(TYPESCRIPT_BACKEND, () => {
    assert.deepEqual(rowsOf(route({ topK: DESCRIPTOR.topK, allowedTiers: null }).routing), rowsOf(route().routing));
    assert.deepEqual(rowsOf(route({ topK: DESCRIPTOR.topK, allowedTiers: [0, 1, 2, 3, 4] }).routing), rowsOf(route().routing));
  });
});

test('lower k selects a prefix of each sibling ranking, with k_T·k_G·k_E slots and charges only what it scores', () => {
  withKernelBackend(TYPESCRIPT_BACKEND, () => {
    const full = rowsOf(route().routing);
    for (const k of [K(1, 1, 1), K(2, 1, 3), K(3, 2, 1), K(1, 2, 2)]) {
      const { routing, ledger } = route({ topK: k, allowedTiers: null });
      assert.equal(routing.slots, k.tier * k.group * k.expert);
      rowsOf(routing).forEach((experts, row) => {
        const tiers = [...new Set(experts.map((e) => e.tier))];
        assert.deepEqual(tiers, [...new Set(full[row]!.map((e) => e.tier))].slice(0, k.tier), `row ${row} tiers`);
        for (const t of tiers) {
          const groups = [...new Set(experts.filter((e) => e.tier === t).map((e) => e.group))];
          assert.deepEqual(groups, [...new Set(full[row]!.filter((e) => e.tier === t).map((e) => e.group))].slice(0, k.group));
          for (const g of groups) {
            const ids = experts.filter((e) => e.tier === t && e.group === g).map((e) => e.id);
            assert.deepEqual(ids, full[row]!.filter((e) => e.tier === t && e.group === g).map((e) => e.id).slice(0, k.expert));
          }
        }
        const sum = experts.reduce((s, e) => s + e.gate, 0);
        assert.ok(Math.abs(sum - 1) < 1e-12, `row ${row} gates sum to ${sum}`);
        assert.equal(ledger.flopsOf(row).router, 2 * d * (T + k.tier * G + k.tier * k.group * E));
        assert.equal(ledger.parameterBytesOf(row), 4 * d * (T + k.tier * G + k.tier * k.group * E));
      });
    }
  });
});

test('a tier mask selects the best allowed tiers by score, keeps model ids, and scores only the allowed tiers', () => {
  withKernelBackend(TYPESCRIPT_BACKEND, () => {
    const full = rowsOf(route().routing);
    // Leave out the tier each row's full routing ranks first: a mask that must change every row's routing.
    for (const allowed of [[1, 3], [0, 2, 4], [4]]) {
      const kT = Math.min(2, allowed.length);
      const { routing, ledger } = route({ topK: K(kT, 2, 2), allowedTiers: allowed });
      rowsOf(routing).forEach((experts, row) => {
        const scores = tierScores(row);
        const want = [...allowed].sort((x, y) => scores[y]! - scores[x]! || x - y).slice(0, kT);
        assert.deepEqual([...new Set(experts.map((e) => e.tier))], want, `row ${row} under ${allowed.join(',')}`);
        for (const e of experts) assert.equal(e.id, (e.tier * G + e.group) * E + e.expert);
        // A tier that both routings select keeps its own groups and experts (their ranking is the model's).
        for (const t of want.filter((x) => full[row]!.some((e) => e.tier === x))) {
          const ours = experts.filter((e) => e.tier === t).map((e) => e.id);
          const theirs = full[row]!.filter((e) => e.tier === t).map((e) => e.id);
          // The full routing has three experts per group, this one two: the first two of each group.
          assert.deepEqual(ours, theirs.filter((_, i) => i % 3 < 2));
        }
        assert.equal(ledger.flopsOf(row).router, 2 * d * (allowed.length + kT * G + kT * 2 * E));
      });
    }
  });
});

test('native and TypeScript routing agree bit for bit under k overrides', (t) => {
  const addon = loadAddon();
  if (addon === null) {
    t.skip('the native addon is not built');
    return;
  }
  const native = selectBackend('native');
  for (const k of [K(3, 2, 3), K(1, 1, 1), K(2, 1, 3), K(3, 2, 1), K(2, 2, 2)]) {
    const policy = { topK: k, allowedTiers: null };
    const viaTs = withKernelBackend(TYPESCRIPT_BACKEND, () => route(policy));
    const viaNative = withKernelBackend(native, () => route(policy));
    assert.deepEqual(rowsOf(viaNative.routing), rowsOf(viaTs.routing), `k ${k.tier}/${k.group}/${k.expert}`);
    for (let row = 0; row < ROWS; row++) assert.deepEqual(viaNative.ledger.flopsOf(row), viaTs.ledger.flopsOf(row));
  }
});

test('a policy outside the descriptor is an internal error, not a silent clamp', () => {
  assert.throws(() => route({ topK: K(4, 1, 1), allowedTiers: null }), { code: 'E_INTERNAL' });
  assert.throws(() => route({ topK: K(2, 1, 1), allowedTiers: [3] }), { code: 'E_INTERNAL' });
  assert.throws(() => route({ topK: K(1, 1, 1), allowedTiers: [3, 1] }), { code: 'E_INTERNAL' });
});
