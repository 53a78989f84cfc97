// The memory model (SPEC-006): the memory document against the model list, budgets set through the control API
// relative to the bytes in use, and what loads, deletes and resets do to the accounting.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { checkMemoryDocument, type MemoryDocument } from '../support/checks/memory-checks.ts';
import { memoryBudgetLimit } from '../support/declared-limits.ts';
import { assertSucceeds, sendRecorded } from '../support/exchanges.ts';
import { residentBytesOf } from '../support/forward-models.ts';
import { fetchModelList } from '../support/models.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

export async function fetchMemory(world: ConformanceWorld): Promise<MemoryDocument> {
  const response = await world.api.request({ method: 'GET', path: '/v1/memory', token: world.token('admin') });
  return assertSucceeds(world, response, 200, 'protocol/memory', 'GET /v1/memory') as MemoryDocument;
}

async function setBudget(world: ConformanceWorld, bytes: number): Promise<void> {
  const response = await world.api.request({ method: 'PUT', path: '/v1/conformance/memory-budget', token: world.token('admin'), body: { bytes } });
  const memory = assertSucceeds(world, response, 200, 'protocol/memory', 'PUT /v1/conformance/memory-budget') as MemoryDocument;
  assert.equal(memory.budgetBytes, bytes, 'the budget was not set');
}

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.join('\n')}`);
}

Then('the memory document lists exactly:', function (this: ConformanceWorld, table: DataTable) {
  const memory = this.api.validate<MemoryDocument>(this.last, 'protocol/memory', 'GET /v1/memory');
  const expected = table.hashes().map((row) => ({ id: row.id ?? '', bytes: Number(row.bytes) }));
  assert.deepEqual(memory.models, expected);
  // The table's values are SPEC-006 §4.1's: they must be 4 × the oracle's parameter counts as well.
  for (const e of expected) assert.equal(residentBytesOf(e.id), e.bytes, `the oracle gives ${e.id} ${residentBytesOf(e.id)} bytes`);
  assert.equal(memory.usedBytes, expected.reduce((acc, e) => acc + e.bytes, 0), 'usedBytes is not the sum');
});

Then('the memory document agrees with the model list and the declared budget', async function (this: ConformanceWorld) {
  const memory = await fetchMemory(this);
  none(checkMemoryDocument(memory, await fetchModelList(this)), 'memory accounting');
  assert.equal(memory.budgetBytes, memoryBudgetLimit(), 'budgetBytes is not the declared memoryBudgetBytes');
});

Then('the memory document agrees with the model list', async function (this: ConformanceWorld) {
  none(checkMemoryDocument(await fetchMemory(this), await fetchModelList(this)), 'memory accounting');
});

Given('the memory budget is set to {int} bytes', async function (this: ConformanceWorld, bytes: number) {
  await setBudget(this, bytes);
});

Given(
  'the memory budget is set to the bytes in use plus the resident bytes of {string} minus {int}',
  async function (this: ConformanceWorld, name: string, minus: number) {
    await setBudget(this, (await fetchMemory(this)).usedBytes + residentBytesOf(name) - minus);
  },
);

When('{principal} sets the memory budget to the bytes in use plus {int}', async function (this: ConformanceWorld, who: Principal, plus: number) {
  const bytes = (await fetchMemory(this)).usedBytes + plus;
  this.remembered.set('requested budget', bytes);
  await sendRecorded(this, who, { method: 'PUT', path: '/v1/conformance/memory-budget', body: { bytes } });
});

When('{principal} sets the memory budget to the bytes in use minus {int}', async function (this: ConformanceWorld, who: Principal, minus: number) {
  const used = (await fetchMemory(this)).usedBytes;
  assert.ok(used - minus >= 0, `only ${used} bytes are in use`);
  await sendRecorded(this, who, { method: 'PUT', path: '/v1/conformance/memory-budget', body: { bytes: used - minus } });
});

Then('the response is the memory document with the new budget', async function (this: ConformanceWorld) {
  const answered = this.api.validate<MemoryDocument>(this.last, 'protocol/memory', 'PUT /v1/conformance/memory-budget');
  assert.equal(answered.budgetBytes, this.recall<number>('requested budget'));
  // The answer is the memory document after the change: what GET /v1/memory now reads.
  assert.deepEqual(answered, await fetchMemory(this));
});

Then('the memory budget reads {int} bytes', async function (this: ConformanceWorld, bytes: number) {
  assert.equal((await fetchMemory(this)).budgetBytes, bytes);
});

Then('the memory document shows the declared budget, no bytes in use and no models', async function (this: ConformanceWorld) {
  assert.deepEqual(await fetchMemory(this), { budgetBytes: memoryBudgetLimit(), usedBytes: 0, models: [] });
});

Given('the bytes in use are remembered', async function (this: ConformanceWorld) {
  this.remembered.set('bytes in use', (await fetchMemory(this)).usedBytes);
});

Then('the bytes in use are unchanged', async function (this: ConformanceWorld) {
  assert.equal((await fetchMemory(this)).usedBytes, this.recall<number>('bytes in use'));
});

Then('the bytes in use fell by the resident bytes of {string}', async function (this: ConformanceWorld, name: string) {
  assert.equal((await fetchMemory(this)).usedBytes, this.recall<number>('bytes in use') - residentBytesOf(name));
});

Then('the bytes in use equal the budget', async function (this: ConformanceWorld) {
  const memory = await fetchMemory(this);
  assert.equal(memory.usedBytes, memory.budgetBytes);
});
