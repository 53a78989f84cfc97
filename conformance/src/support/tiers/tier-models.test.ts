import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelParameterCount, type ForwardDescriptor } from '../../oracle/index.ts';
import { defaultDescriptor } from '../builtin/builtin-model.ts';
import {
  budgetsFor, COLD_ALL_BYTES, coldFilesFor, expertBytesOf, parseBudgetWords, PROCEDURAL_PARAMETERS, proceduralDescriptor, proceduralDigest,
  tieredCharge,
} from './tier-models.ts';

const builtin: ForwardDescriptor = defaultDescriptor();

test('the procedural descriptors give the parameter counts SPEC-021 states, by the SPEC-004 formula', () => {
  for (const name of ['procedural-1e8', 'procedural-1e12']) {
    const d = proceduralDescriptor(name);
    assert.equal(d.name, name);
    assert.equal(modelParameterCount(d), PROCEDURAL_PARAMETERS[name]);
    assert.match(proceduralDigest(name), /^[0-9a-f]{64}$/);
  }
  assert.ok(PROCEDURAL_PARAMETERS['procedural-1e8']! > 1e8 && PROCEDURAL_PARAMETERS['procedural-1e12']! > 1e12);
  assert.throws(() => proceduralDescriptor('default'), /not a procedural model/);
});

test('budget words: experts for hot and warm (fractions floored to bytes), all, none or files for cold', () => {
  assert.deepEqual(parseBudgetWords('hot 3, warm 2, cold all'), { hot: 3, warm: 2, cold: 'all' });
  assert.deepEqual(parseBudgetWords('hot 2.5, warm 0, cold 4 files'), { hot: 2.5, warm: 0, cold: { files: 4 } });
  assert.deepEqual(parseBudgetWords('cold none, hot 1, warm 1'), { hot: 1, warm: 1, cold: 'none' });
  assert.throws(() => parseBudgetWords('hot 1, warm 1, cold some'), /cold all/);
  assert.throws(() => parseBudgetWords('hot -1, warm 1, cold all'), /non-negative/);
  assert.throws(() => parseBudgetWords('hot 1, tepid 1, cold all'), /is not/);
  const expert = expertBytesOf(builtin);
  assert.equal(expert, 24576);
  assert.deepEqual(budgetsFor(parseBudgetWords('hot 2.5, warm 0.5, cold all'), builtin), { hotBytes: 61440, warmBytes: 12288, coldBytes: COLD_ALL_BYTES });
  assert.deepEqual(budgetsFor(parseBudgetWords('hot 1, warm 0, cold 3 files'), builtin, 24800), { hotBytes: expert, warmBytes: 0, coldBytes: 74400 });
  assert.throws(() => budgetsFor(parseBudgetWords('hot 1, warm 0, cold 3 files'), builtin), /file size/);
});

test('the resident charge of SPEC-021 §4.3, and the cold capacity in files', () => {
  // SPEC-021 §4.3's example: default with 3 slots and a warm budget of two experts.
  assert.equal(tieredCharge(builtin, { hotBytes: 3 * 24576, warmBytes: 49152, coldBytes: 0 }), 276608);
  assert.equal(tieredCharge(builtin, { hotBytes: 3.9 * 24576, warmBytes: 0, coldBytes: 0 }), 940160 - 32 * 24576 + 3 * 24576);
  assert.equal(coldFilesFor({ hotBytes: 1, warmBytes: 0, coldBytes: 0 }, 24800), 0);
  assert.equal(coldFilesFor({ hotBytes: 1, warmBytes: 0, coldBytes: 74399 }, 24800), 2);
  assert.equal(coldFilesFor({ hotBytes: 1, warmBytes: 0, coldBytes: COLD_ALL_BYTES }, undefined), Infinity);
});
