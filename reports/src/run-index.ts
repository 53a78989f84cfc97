/**
 * Indexes one run's Cucumber Messages by id so scenario results can be derived without re-scanning the stream.
 * Only the final attempt of each test case counts (earlier attempts were retried).
 */
import type {
  Attachment,
  Envelope,
  GherkinDocument,
  Meta,
  Pickle,
  PickleStep,
  TestCase,
  TestCaseFinished,
  TestCaseStarted,
  TestRunFinished,
  TestStepResult,
  Timestamp,
} from '@cucumber/messages';

export interface Attempt {
  started: TestCaseStarted;
  finished: TestCaseFinished | undefined;
  /** Result of each finished test step, by test step id. */
  stepResults: Map<string, TestStepResult>;
  /** Attachments emitted during this attempt, by test step id, in stream order. */
  attachments: Map<string, Attachment[]>;
}

export interface RunIndex {
  meta: Meta | undefined;
  /** Gherkin documents by uri. */
  documents: Map<string, GherkinDocument>;
  /** Line of every scenario and example row, by Gherkin AST node id. */
  astLines: Map<string, number>;
  pickles: Map<string, Pickle>;
  pickleSteps: Map<string, PickleStep>;
  testCases: Map<string, TestCase>;
  /** Final attempt of each test case that started, by test case id. */
  finalAttempts: Map<string, Attempt>;
  runStarted: Timestamp | undefined;
  runFinished: TestRunFinished | undefined;
  /** Latest timestamp seen anywhere in the stream; bounds the duration of a run that never finished. */
  lastTimestamp: Timestamp | undefined;
  truncated: boolean;
}

export function timestampMs(t: Timestamp): number {
  return t.seconds * 1000 + t.nanos / 1e6;
}

function later(a: Timestamp | undefined, b: Timestamp | undefined): Timestamp | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return timestampMs(b) > timestampMs(a) ? b : a;
}

function indexDocument(document: GherkinDocument, astLines: Map<string, number>): void {
  const children = document.feature?.children ?? [];
  const scenarios = children.flatMap((child) => [
    ...(child.scenario ? [child.scenario] : []),
    ...(child.rule?.children ?? []).flatMap((ruleChild) => (ruleChild.scenario ? [ruleChild.scenario] : [])),
  ]);
  for (const scenario of scenarios) {
    astLines.set(scenario.id, scenario.location.line);
    for (const examples of scenario.examples) {
      for (const row of examples.tableBody) astLines.set(row.id, row.location.line);
    }
  }
}

export function indexRun(envelopes: readonly Envelope[], truncated = false): RunIndex {
  const index: RunIndex = {
    meta: undefined,
    documents: new Map(),
    astLines: new Map(),
    pickles: new Map(),
    pickleSteps: new Map(),
    testCases: new Map(),
    finalAttempts: new Map(),
    runStarted: undefined,
    runFinished: undefined,
    lastTimestamp: undefined,
    truncated,
  };
  const attemptsById = new Map<string, Attempt>();
  for (const envelope of envelopes) {
    if (envelope.meta) index.meta = envelope.meta;
    if (envelope.gherkinDocument) {
      const document = envelope.gherkinDocument;
      if (document.uri !== undefined) index.documents.set(document.uri, document);
      indexDocument(document, index.astLines);
    }
    if (envelope.pickle) {
      index.pickles.set(envelope.pickle.id, envelope.pickle);
      for (const step of envelope.pickle.steps) index.pickleSteps.set(step.id, step);
    }
    if (envelope.testCase) index.testCases.set(envelope.testCase.id, envelope.testCase);
    if (envelope.testRunStarted) {
      index.runStarted = envelope.testRunStarted.timestamp;
      index.lastTimestamp = later(index.lastTimestamp, envelope.testRunStarted.timestamp);
    }
    if (envelope.testCaseStarted) {
      const started = envelope.testCaseStarted;
      const attempt: Attempt = { started, finished: undefined, stepResults: new Map(), attachments: new Map() };
      attemptsById.set(started.id, attempt);
      const previous = index.finalAttempts.get(started.testCaseId);
      if (previous === undefined || previous.started.attempt <= started.attempt) {
        index.finalAttempts.set(started.testCaseId, attempt);
      }
      index.lastTimestamp = later(index.lastTimestamp, started.timestamp);
    }
    if (envelope.testStepFinished) {
      const finished = envelope.testStepFinished;
      attemptsById.get(finished.testCaseStartedId)?.stepResults.set(finished.testStepId, finished.testStepResult);
      index.lastTimestamp = later(index.lastTimestamp, finished.timestamp);
    }
    if (envelope.attachment) {
      const attachment = envelope.attachment;
      const attempt = attachment.testCaseStartedId ? attemptsById.get(attachment.testCaseStartedId) : undefined;
      if (attempt && attachment.testStepId !== undefined) {
        const list = attempt.attachments.get(attachment.testStepId) ?? [];
        list.push(attachment);
        attempt.attachments.set(attachment.testStepId, list);
      }
    }
    if (envelope.testCaseFinished) {
      const finished = envelope.testCaseFinished;
      const attempt = attemptsById.get(finished.testCaseStartedId);
      if (attempt) attempt.finished = finished;
      index.lastTimestamp = later(index.lastTimestamp, finished.timestamp);
    }
    if (envelope.testRunFinished) {
      index.runFinished = envelope.testRunFinished;
      index.lastTimestamp = later(index.lastTimestamp, envelope.testRunFinished.timestamp);
    }
  }
  return index;
}
