import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Envelope } from '@cucumber/messages';
import { ProgressPrinter } from './progress.ts';

function pickle(id: string, name: string, tags: string[]): Envelope {
  return { pickle: { id, uri: 'f.feature', name, language: 'en', steps: [], tags: tags.map((t) => ({ name: t, astNodeId: 'a' })), astNodeIds: [] } };
}

function step(started: string, status: string): Envelope {
  return { testStepFinished: { testCaseStartedId: started, testStepId: 's', testStepResult: { status, duration: { seconds: 0, nanos: 0 } }, timestamp: { seconds: 0, nanos: 0 } } } as unknown as Envelope;
}

void test('one line per finished scenario with its spec and worst step status', () => {
  const lines: string[] = [];
  const printer = new ProgressPrinter((l) => lines.push(l));
  const feed = (e: Envelope): void => printer.onMessage(e);
  feed(pickle('p1', 'routes exactly', ['@SPEC-003', '@REQ-003-001']));
  feed(pickle('p2', 'rejects', ['@SPEC-007']));
  feed({ testCase: { id: 'c1', pickleId: 'p1', testSteps: [] } });
  feed({ testCase: { id: 'c2', pickleId: 'p2', testSteps: [] } });
  feed({ testCaseStarted: { id: 's1', testCaseId: 'c1', attempt: 0, timestamp: { seconds: 0, nanos: 0 } } });
  feed(step('s1', 'PASSED'));
  feed(step('s1', 'FAILED'));
  feed(step('s1', 'SKIPPED'));
  feed({ testCaseFinished: { testCaseStartedId: 's1', willBeRetried: false, timestamp: { seconds: 0, nanos: 0 } } });
  feed({ testCaseStarted: { id: 's2', testCaseId: 'c2', attempt: 0, timestamp: { seconds: 0, nanos: 0 } } });
  feed(step('s2', 'SKIPPED'));
  feed({ testCaseFinished: { testCaseStartedId: 's2', willBeRetried: false, timestamp: { seconds: 0, nanos: 0 } } });
  assert.deepEqual(lines, ['[1/2] FAIL  SPEC-003 routes exactly', '[2/2] skip  SPEC-007 rejects']);
  assert.deepEqual(printer.counts, { passed: 0, failed: 1, skipped: 1, other: 0 });
});
