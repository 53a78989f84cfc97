// The harness's mutant catalogue and the reference's fault switches must name the same set: a switch missing from
// the catalogue is never run by conformance:mutants, and a catalogue entry without a switch cannot start.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FAULT_NAMES } from '../reference/src/faults.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

void test('conformance/mutants.json lists exactly the reference fault switches', () => {
  const catalogue = JSON.parse(readFileSync(path.join(root, 'conformance', 'mutants.json'), 'utf8')) as { mutants: { fault: string }[] };
  assert.deepEqual(catalogue.mutants.map((m) => m.fault).sort(), [...FAULT_NAMES].sort());
});
