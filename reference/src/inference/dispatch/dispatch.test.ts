import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExperts } from '../../forward/expert-dispatch.ts';
import { routeRows, type BatchRouting } from '../../forward/moe-router.ts';
import { TokenLedger } from '../../forward/token-ledger.ts';
import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import { forwardModel } from '../../test-support/forward-models.ts';
import { CONFORMING_DISPATCH, type DispatchBehaviour } from './dispatch-faults.ts';
import { DispatchRecorder } from './dispatch-recorder.ts';
import { planBatches } from './expert-batches.ts';

// runExperts over layer 0 of `default` for a batch of rows, with and without a recorder (SPEC-044).
const descriptor = DEFAULT_MODEL_DESCRIPTOR;
const model = forwardModel(descriptor);
const weights = model.transformer.layers[0]!;
const shape = { d: descriptor.dModel, dFF: descriptor.dFF };
const ROWS = 13;

/** Dyadic FFN inputs, different in every row. */
function inputs(rows: number): Float32Array {
  return Float32Array.from({ length: rows * shape.d }, (_, i) => (((i * 37 + 11) % 17) - 8) / 8);
}

const a = inputs(ROWS);
const tokens = Int32Array.from({ length: ROWS }, (_, row) => row);

function routing(): BatchRouting {
  return routeRows(descriptor, weights.router, 0, descriptor.seed, a, ROWS, new TokenLedger(ROWS), tokens);
}

async function run(recorder?: DispatchRecorder): Promise<{ y: Float32Array; ledger: TokenLedger }> {
  const ledger = new TokenLedger(ROWS);
  return { y: await runExperts(weights, shape, a, routing(), ledger, tokens, recorder), ledger };
}

/** Each routed (row, expert) pair of the routing, as "row/expert", sorted. */
function routedPairs(r: BatchRouting): string[] {
  const pairs: string[] = [];
  for (let slot = 0; slot < r.rows * r.slots; slot++) pairs.push(`${Math.floor(slot / r.slots)}/${r.id[slot]}`);
  return pairs.sort();
}

test('the trace packs experts by ascending id and each expert\'s rows ascending, every routed pair once', async () => {
  const recorder = new DispatchRecorder({ trace: true });
  await run(recorder);
  const { layers, capacity } = recorder.trace();
  assert.equal(capacity, null);
  assert.equal(layers.length, 1);
  const { batches, layer, prefetch } = layers[0]!;
  assert.equal(layer, 0);
  assert.equal(prefetch, null);
  const experts = batches.map((b) => b.expert);
  assert.deepEqual(experts, [...new Set(experts)].sort((x, y) => x - y), 'one batch per expert, ascending');
  for (const batch of batches) assert.deepEqual(batch.rows, [...batch.rows].sort((x, y) => x - y));
  const traced = batches.flatMap((b) => b.rows.map((row) => `${row}/${b.expert}`)).sort();
  assert.deepEqual(traced, routedPairs(routing()));
});

test('a capacity splits each expert\'s rows into consecutive batches of at most that many, in order', async () => {
  const whole = new DispatchRecorder({ trace: true });
  await run(whole);
  const rowsOf = new Map(whole.trace().layers[0]!.batches.map((b) => [b.expert, b.rows]));
  for (const capacity of [1, 2, 3, 5]) {
    const recorder = new DispatchRecorder({ trace: true, capacity });
    await run(recorder);
    const { batches } = recorder.trace().layers[0]!;
    assert.ok(batches.every((b) => b.rows.length >= 1 && b.rows.length <= capacity));
    const joined = new Map<number, number[]>();
    let previous = -1;
    for (const batch of batches) {
      assert.ok(batch.expert >= previous, 'an expert\'s batches are consecutive and experts ascend');
      previous = batch.expert;
      joined.set(batch.expert, [...(joined.get(batch.expert) ?? []), ...batch.rows]);
    }
    assert.deepEqual(joined, rowsOf, `capacity ${capacity}`);
    // Only the last batch of an expert may be short.
    for (const [expert, rows] of rowsOf) {
      const sizes = batches.filter((b) => b.expert === expert).map((b) => b.rows.length);
      assert.deepEqual(sizes, Array.from({ length: Math.ceil(rows.length / capacity) }, (_, i) => Math.min(capacity, rows.length - i * capacity)));
    }
  }
});

test('outputs and charges are bit-identical without a recorder, with one, and whatever the capacity', async () => {
  const plain = await run();
  for (const capacity of [null, 1, 2, 7, 1000]) {
    const traced = await run(new DispatchRecorder({ trace: true, capacity }));
    assert.deepEqual(traced.y, plain.y, `capacity ${capacity}`);
    for (let row = 0; row < ROWS; row++) {
      assert.deepEqual(traced.ledger.flopsOf(row), plain.ledger.flopsOf(row));
      assert.equal(traced.ledger.parameterBytesOf(row), plain.ledger.parameterBytesOf(row));
    }
  }
});

test('a recorder that does not keep the trace reports no layers but still counts them', async () => {
  const recorder = new DispatchRecorder({ capacity: 2 });
  await run(recorder);
  assert.deepEqual(recorder.trace(), { capacity: 2, layers: [] });
  assert.equal(recorder.nextLayer, 1);
});

test('a capacity below one or not an integer is refused', () => {
  for (const capacity of [0, -1, 1.5, Number.NaN]) assert.throws(() => new DispatchRecorder({ capacity }), RangeError);
});

async function faulty(behaviour: Partial<DispatchBehaviour>, capacity: number | null = null): Promise<{ y: Float32Array; recorder: DispatchRecorder }> {
  const recorder = new DispatchRecorder({ trace: true, capacity, behaviour: { ...CONFORMING_DISPATCH, ...behaviour } });
  return { y: (await run(recorder)).y, recorder };
}

test('deviations: descending experts and rows change only the trace; overflow dropping and reversed scatter change outputs', async () => {
  const plain = await run();
  const experts = await faulty({ expertsDescending: true });
  assert.deepEqual(experts.y, plain.y);
  const order = experts.recorder.trace().layers[0]!.batches.map((b) => b.expert);
  assert.deepEqual(order, [...order].sort((x, y) => y - x));
  const rows = await faulty({ rowsDescending: true });
  assert.deepEqual(rows.y, plain.y);
  assert.ok(rows.recorder.trace().layers[0]!.batches.some((b) => b.rows.length > 1 && b.rows[0]! > b.rows[1]!));
  const ignored = await faulty({ capacityIgnored: true }, 1);
  assert.ok(ignored.recorder.trace().layers[0]!.batches.some((b) => b.rows.length > 1));
  assert.notDeepEqual((await faulty({ capacityDropsOverflow: true }, 1)).y, plain.y);
  assert.deepEqual((await faulty({ capacityDropsOverflow: true })).y, plain.y, 'without a capacity nothing overflows');
  const reversed = await faulty({ scatterReversed: true });
  assert.notDeepEqual(reversed.y, plain.y);
  assert.deepEqual((await faulty({ scatterReversed: true }, 2)).y, reversed.y, 'the reversal does not depend on the capacity');
});

test('planBatches: runs of 5 and 2 rows under capacity 2 give batches 2, 2, 1 and 2', () => {
  const runs = { expert: Int32Array.of(3, 9), start: Int32Array.of(0, 5), count: Int32Array.of(5, 2) };
  const plan = planBatches(runs, 2, CONFORMING_DISPATCH);
  assert.deepEqual([Array.from(plan.run), Array.from(plan.start), Array.from(plan.count)], [[0, 0, 0, 1], [0, 2, 4, 5], [2, 2, 1, 2]]);
});
