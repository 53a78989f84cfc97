// Expert packing and dispatch (SPEC-044): forward requests with the dispatch trace, compared with the packing the
// routing oracle's routes imply (conformance/src/oracle/dispatch.ts); results compared across capacities and with
// the forward oracle's logits. The tier prefetch of SPEC-045: dispatch-prefetch-steps.ts.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { decisive, logitsClose } from '../oracle/comparison-policy.ts';
import { expectedBatches, expertsOfRows, type ExpectedBatch } from '../oracle/dispatch.ts';
import type { ForwardResult } from '../support/checks/forward-result-checks.ts';
import { assertSucceeds } from '../support/exchanges.ts';
import { sequencesFromWords } from '../support/forward-calls.ts';
import { descriptorSeedOf, forwardModelNamed, oracleForward } from '../support/forward-models.ts';
import type { ConformanceWorld } from '../support/world.ts';

/** The `dispatch` member of a forward result (forward-result.schema.json). */
export interface DispatchTrace {
  readonly capacity: number | null;
  readonly layers: { readonly layer: number; readonly batches: ExpectedBatch[]; readonly prefetch: { readonly predicted: number[]; readonly staged: number[] } | null }[];
}

export type DispatchedResult = ForwardResult & { readonly dispatch?: DispatchTrace };

interface DispatchCall {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly sequences: number[][];
  readonly capacity: number | null;
  readonly result: DispatchedResult;
}

const CALL = 'dispatch call';
const REPEATS = 'dispatch repeats';

/** POST /v1/forward as the admin, traced with logits; the checked result. */
export async function sendForward(world: ConformanceWorld, body: Record<string, unknown>, what: string): Promise<DispatchedResult> {
  const response = await world.api.request({ method: 'POST', path: '/v1/forward', token: world.token('admin'), body });
  return assertSucceeds(world, response, 200, 'protocol/forward-result', what) as DispatchedResult;
}

async function dispatchRequest(world: ConformanceWorld, list: string, name: string, dispatch: boolean, capacity: number | null): Promise<void> {
  const sequences = sequencesFromWords(list, name);
  const body = {
    model: forwardModelNamed(name).descriptor.name, sequences, trace: true, logits: true,
    ...(dispatch ? { dispatch: true } : {}), ...(capacity === null ? {} : { capacity }),
  };
  const result = await sendForward(world, body, `POST /v1/forward "${list}" through ${name}`);
  world.remembered.set(CALL, { name, body, sequences, capacity, result } satisfies DispatchCall);
}

function lastCall(world: ConformanceWorld): DispatchCall {
  return world.recall<DispatchCall>(CALL);
}

function traceOf(call: DispatchCall): DispatchTrace {
  assert.ok(call.result.dispatch !== undefined, 'the result carries no dispatch trace although the request set dispatch true');
  return call.result.dispatch;
}

/** Per layer, the packing the oracle's routes imply; every token's routing must be decisive for it to be exact. */
function oraclePacking(call: DispatchCall, capacity: number | null): ExpectedBatch[][] {
  const oracle = oracleForward(call.name, call.sequences, descriptorSeedOf(call.name));
  const undecided = oracle.sequences.flatMap((s, i) => s.tokens.filter((t) => !decisive(t)).map((t) => `sequence ${i} position ${t.position}`));
  assert.deepEqual(undecided, [], 'the scenario needs tokens whose routing the oracle decides by more than the margin');
  return expertsOfRows(oracle.sequences, forwardModelNamed(call.name).descriptor.layers).map((rows) => expectedBatches(rows, capacity));
}

When('the sequences {string} are forwarded through {string} in one request with the dispatch trace', async function (this: ConformanceWorld, list: string, name: string) {
  await dispatchRequest(this, list, name, true, null);
});

When(
  'the sequences {string} are forwarded through {string} traced with capacity {int}',
  async function (this: ConformanceWorld, list: string, name: string, capacity: number) {
    await dispatchRequest(this, list, name, true, capacity);
  },
);

When('the sequences {string} are forwarded through {string} in one request without the dispatch trace', async function (this: ConformanceWorld, list: string, name: string) {
  await dispatchRequest(this, list, name, false, null);
});

Then('the forward result has no dispatch member', function (this: ConformanceWorld) {
  assert.equal(lastCall(this).result.dispatch, undefined);
});

Then('every layer lists its experts in ascending id order, each with exactly the rows the oracle routes to it', function (this: ConformanceWorld) {
  const call = lastCall(this);
  const trace = traceOf(call);
  const expected = oraclePacking(call, null);
  assert.deepEqual(trace.layers.map((l) => l.layer), expected.map((_, layer) => layer), 'one entry per layer, in layer order');
  trace.layers.forEach((entry, layer) => {
    const experts = entry.batches.map((b) => b.expert).filter((e, i, all) => i === 0 || e !== all[i - 1]);
    assert.deepEqual(experts, expected[layer]!.map((b) => b.expert), `layer ${layer}: experts in batch order`);
    for (const { expert, rows } of expected[layer]!) {
      const traced = entry.batches.filter((b) => b.expert === expert).flatMap((b) => b.rows);
      assert.deepEqual([...traced].sort((a, b) => a - b), rows, `layer ${layer} expert ${expert}: rows`);
    }
  });
});

Then('every expert\'s rows are in ascending packed-row order and the batches are the oracle\'s packing', function (this: ConformanceWorld) {
  const call = lastCall(this);
  const trace = traceOf(call);
  trace.layers.forEach((entry, layer) => {
    for (const batch of entry.batches) {
      assert.ok(batch.rows.every((row, i) => i === 0 || row > batch.rows[i - 1]!), `layer ${layer} expert ${batch.expert}: rows ${batch.rows.join(',')} do not ascend`);
    }
  });
  assert.deepEqual(trace.layers.map((l) => l.batches), oraclePacking(call, call.capacity), 'the packing of SPEC-044 §4.2');
});

Then('every layer\'s expert batches are the oracle\'s packing in batches of at most {int} rows', function (this: ConformanceWorld, capacity: number) {
  const call = lastCall(this);
  const trace = traceOf(call);
  assert.equal(trace.capacity, capacity, 'the trace echoes the capacity');
  const oversized = trace.layers.flatMap((l) => l.batches.filter((b) => b.rows.length > capacity).map((b) => `layer ${l.layer} expert ${b.expert}: ${b.rows.length} rows`));
  assert.deepEqual(oversized, [], `batches above the capacity ${capacity}`);
  assert.deepEqual(trace.layers.map((l) => l.batches), oraclePacking(call, capacity), 'consecutive batches of SPEC-044 §4.3');
});

When('the same request is sent with the dispatch trace and capacities {string}', async function (this: ConformanceWorld, list: string) {
  const call = lastCall(this);
  const results: DispatchedResult[] = [];
  for (const capacity of list.split(',').map((c) => Number(c.trim()))) {
    results.push(await sendForward(this, { ...call.body, dispatch: true, capacity }, `the same request with capacity ${capacity}`));
  }
  this.remembered.set(REPEATS, results);
});

/** What must not depend on dispatch: digests, routes, logits, FLOPs and parameter bytes of every token. */
function comparable(result: DispatchedResult): unknown {
  return { digest: result.digest, sequences: result.sequences };
}

Then('every result has the digests, routes, logits, FLOPs and parameter bytes of the first', function (this: ConformanceWorld) {
  const first = comparable(lastCall(this).result);
  this.recall<DispatchedResult[]>(REPEATS).forEach((result, i) => assert.deepEqual(comparable(result), first, `repeat ${i + 1} (capacity ${result.dispatch?.capacity})`));
});

Then('every token of the dispatched request has logits within the oracle\'s tolerance', function (this: ConformanceWorld) {
  const call = lastCall(this);
  const oracle = oracleForward(call.name, call.sequences, descriptorSeedOf(call.name));
  const problems: string[] = [];
  call.result.sequences.forEach((s, i) => s.tokens.forEach((t, p) => {
    const expected = oracle.sequences[i]!.tokens[p]!;
    if (decisive(expected) && !logitsClose(t.logits ?? [], expected.logits)) problems.push(`sequence ${i} position ${p}`);
  }));
  assert.deepEqual(problems, [], 'tokens whose logits are outside 1e-3·(1 + |oracle|)');
});

Then('each sequence forwarded alone gives the token digests it has in the dispatched request', async function (this: ConformanceWorld) {
  const call = lastCall(this);
  for (const [i, sequence] of call.sequences.entries()) {
    const alone = await sendForward(this, { model: call.body['model'], sequences: [sequence] }, `sequence ${i} alone`);
    assert.deepEqual(alone.sequences[0]!.tokens.map((t) => t.digest), call.result.sequences[i]!.tokens.map((t) => t.digest), `sequence ${i}`);
  }
});
