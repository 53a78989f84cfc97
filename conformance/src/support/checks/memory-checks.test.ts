import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMemoryDocument, codePointOrder } from './memory-checks.ts';

const listed = [
  { id: 'default', parameters: 235040 },
  { id: 'cm-wide', parameters: 35072 },
  { id: 'cm-small', parameters: 4736 },
];
const good = {
  budgetBytes: 2 ** 31,
  usedBytes: 940160 + 140288 + 18944,
  models: [
    { id: 'cm-small', bytes: 18944 },
    { id: 'cm-wide', bytes: 140288 },
    { id: 'default', bytes: 940160 },
  ],
};

void test('a consistent memory document has no problems', () => {
  assert.deepEqual(checkMemoryDocument(good, listed), []);
  assert.deepEqual(checkMemoryDocument({ budgetBytes: 0, usedBytes: 0, models: [] }, []), []);
});

void test('unsorted entries, wrong bytes, a wrong sum, a missing or extra model, over budget', () => {
  assert.equal(checkMemoryDocument({ ...good, models: [...good.models].reverse() }, listed).length, 1);
  assert.equal(checkMemoryDocument({ ...good, models: good.models.map((m) => ({ ...m, bytes: m.bytes / 4 })), usedBytes: good.usedBytes / 4 }, listed).length, 3);
  assert.equal(checkMemoryDocument({ ...good, usedBytes: good.usedBytes + 1 }, listed).length, 1);
  assert.equal(checkMemoryDocument(good, listed.slice(1)).length, 1);
  assert.equal(checkMemoryDocument({ ...good, budgetBytes: good.usedBytes - 1 }, listed).length, 1);
});

void test('ids sort by code point, not by locale or number', () => {
  assert.deepEqual(['cm-cap-9', 'cm-cap-10', 'Z', 'a'].sort(codePointOrder), ['Z', 'a', 'cm-cap-10', 'cm-cap-9']);
});
