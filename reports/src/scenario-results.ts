/**
 * Derives one result per executed scenario (the final attempt of each test case) from an indexed message stream.
 */
import type { Attachment, Pickle, TestCase, TestStepResult } from '@cucumber/messages';
import type { ScenarioResult, ScenarioStatus } from './report-types.ts';
import type { Attempt, RunIndex } from './run-index.ts';
import { timestampMs } from './run-index.ts';
import { MAX_ERROR_BYTES, trimUtf8 } from './text-limits.ts';

const REQUIREMENT_TAG = /^@(REQ-[0-9]{3}-[0-9]{3})$/;

/** Media type of the attachment in which a step or hook states why it skips its scenario. */
export const SKIP_REASON_MEDIA_TYPE = 'text/x.lite-llm.skip-reason';

/** Sort key that orders scenarios by file, then by line numerically (so line 9 precedes line 10). */
interface ScenarioKey {
  uri: string;
  line: number;
  row: number;
}

interface StepOutcome {
  text: string;
  result: TestStepResult;
  attachments: readonly Attachment[];
}

// Severity of a step status for the scenario as a whole; the highest one decides.
const SEVERITY: Record<ScenarioStatus, number> = { passed: 0, skipped: 1, undefined: 2, failed: 3 };

function statusOf(result: TestStepResult): ScenarioStatus {
  switch (String(result.status)) {
    case 'PASSED':
      return 'passed';
    case 'SKIPPED':
      return 'skipped';
    case 'UNDEFINED':
      return 'undefined';
    default:
      // FAILED, AMBIGUOUS, PENDING (cucumber's strict mode fails on it) and UNKNOWN all mean the check did not pass.
      return 'failed';
  }
}

function errorText(step: StepOutcome): string {
  const { result, text } = step;
  const status = String(result.status);
  let message: string;
  if (status === 'UNDEFINED') message = `Undefined step: ${text}`;
  else if (status === 'PENDING') message = result.message?.trim() || `Pending step: ${text}`;
  else if (result.exception?.message) message = `${result.exception.type}: ${result.exception.message}`;
  else message = result.message?.trim() || `Step ended with status ${status}: ${text}`;
  return trimUtf8(message.trim(), MAX_ERROR_BYTES);
}

function attachmentText(attachment: Attachment): string | undefined {
  if (!attachment.mediaType.startsWith('text/')) return undefined;
  const text = String(attachment.contentEncoding) === 'BASE64'
    ? Buffer.from(attachment.body, 'base64').toString('utf8')
    : attachment.body;
  return text.trim() === '' ? undefined : text.trim();
}

/**
 * cucumber-js carries no message on a step that returned 'skipped', so the reason is the step result's message
 * when an implementation provides one, else what the step attached before skipping: an attachment of
 * SKIP_REASON_MEDIA_TYPE if there is one, else its last text attachment (such as `this.log(reason)`).
 */
function skipReason(step: StepOutcome): string {
  const fromResult = step.result.message?.trim();
  if (fromResult) return fromResult;
  const declared = step.attachments.filter((a) => a.mediaType === SKIP_REASON_MEDIA_TYPE);
  const candidates = declared.length > 0 ? declared : step.attachments;
  const texts = candidates.map(attachmentText).filter((text) => text !== undefined);
  return texts.at(-1) ?? `skipped without a stated reason at step: ${step.text}`;
}

function stepOutcomes(index: RunIndex, testCase: TestCase, attempt: Attempt): StepOutcome[] {
  return testCase.testSteps.map((testStep) => {
    const pickleStep = testStep.pickleStepId ? index.pickleSteps.get(testStep.pickleStepId) : undefined;
    const text = pickleStep?.text ?? `hook ${testStep.hookId ?? testStep.id}`;
    const recorded = attempt.stepResults.get(testStep.id);
    // A step with no recorded result never finished: the run stopped inside it.
    const result: TestStepResult = recorded ?? {
      status: 'UNKNOWN' as TestStepResult['status'],
      duration: { seconds: 0, nanos: 0 },
      message: attempt.finished ? `no result was recorded for step: ${text}` : 'the test case did not finish',
    };
    return { text, result, attachments: attempt.attachments.get(testStep.id) ?? [] };
  });
}

function scenarioKey(index: RunIndex, pickle: Pickle): ScenarioKey {
  const [scenarioNode, rowNode] = pickle.astNodeIds;
  const line = (scenarioNode === undefined ? undefined : index.astLines.get(scenarioNode)) ?? pickle.location?.line ?? 0;
  const row = (rowNode === undefined ? undefined : index.astLines.get(rowNode)) ?? 0;
  return { uri: pickle.uri, line, row };
}

function compareKeys(a: ScenarioKey, b: ScenarioKey): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.line - b.line || a.row - b.row;
}

function roundMs(ms: number): number {
  return Math.max(0, Math.round(ms * 1000) / 1000);
}

export function scenarioResults(index: RunIndex): ScenarioResult[] {
  const keyed: { key: ScenarioKey; result: ScenarioResult }[] = [];
  for (const [testCaseId, attempt] of index.finalAttempts) {
    const testCase = index.testCases.get(testCaseId);
    const pickle = testCase ? index.pickles.get(testCase.pickleId) : undefined;
    if (!testCase || !pickle) continue;
    const key = scenarioKey(index, pickle);
    const steps = stepOutcomes(index, testCase, attempt);
    let status: ScenarioStatus = 'passed';
    for (const step of steps) {
      const stepStatus = statusOf(step.result);
      if (SEVERITY[stepStatus] > SEVERITY[status]) status = stepStatus;
    }
    if (!attempt.finished && status !== 'failed') status = 'failed';
    const tags = pickle.tags.map((tag) => tag.name);
    const requirements = [...new Set(tags.flatMap((tag) => REQUIREMENT_TAG.exec(tag)?.[1] ?? []))];
    const end = attempt.finished?.timestamp ?? attempt.started.timestamp;
    const result: ScenarioResult = {
      id: key.row > 0 ? `${key.uri}:${key.line}:${key.row}` : `${key.uri}:${key.line}`,
      name: pickle.name,
      feature: index.documents.get(pickle.uri)?.feature?.name ?? '',
      uri: pickle.uri,
      tags,
      requirements,
      status,
      durationMs: roundMs(timestampMs(end) - timestampMs(attempt.started.timestamp)),
    };
    if (status === 'failed' || status === 'undefined') {
      const first = steps.find((step) => statusOf(step.result) === status);
      result.error = first ? errorText(first) : 'the test case did not finish';
    }
    if (status === 'skipped') {
      const first = steps.find((step) => statusOf(step.result) === 'skipped');
      if (first) result.skipReason = skipReason(first);
    }
    keyed.push({ key, result });
  }
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((entry) => entry.result);
}
