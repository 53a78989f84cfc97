// Live progress from Cucumber Messages: one line per finished scenario, with its spec tag and worst step status.
import type { Envelope, Pickle, TestStepResultStatus } from '@cucumber/messages';

const STATUS_RANK: Record<string, number> = {
  PASSED: 0, SKIPPED: 1, PENDING: 2, UNDEFINED: 3, AMBIGUOUS: 4, UNKNOWN: 5, FAILED: 6,
};

const LABEL: Record<string, string> = {
  PASSED: 'pass', SKIPPED: 'skip', PENDING: 'pend', UNDEFINED: 'undef', AMBIGUOUS: 'ambig', UNKNOWN: '????', FAILED: 'FAIL',
};

export interface ProgressCounts {
  passed: number;
  failed: number;
  skipped: number;
  other: number;
}

export class ProgressPrinter {
  readonly counts: ProgressCounts = { passed: 0, failed: 0, skipped: 0, other: 0 };
  private readonly pickles = new Map<string, Pickle>();
  private readonly caseToPickle = new Map<string, string>();
  private readonly startedToCase = new Map<string, string>();
  private readonly worst = new Map<string, TestStepResultStatus>();
  private readonly write: (line: string) => void;
  private total = 0;
  private done = 0;

  constructor(write: (line: string) => void) {
    this.write = write;
  }

  onMessage(envelope: Envelope): void {
    if (envelope.pickle) {
      this.pickles.set(envelope.pickle.id, envelope.pickle);
    } else if (envelope.testCase) {
      this.caseToPickle.set(envelope.testCase.id, envelope.testCase.pickleId);
      this.total += 1;
    } else if (envelope.testCaseStarted) {
      this.startedToCase.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
    } else if (envelope.testStepFinished) {
      const id = envelope.testStepFinished.testCaseStartedId;
      const status = envelope.testStepFinished.testStepResult.status;
      const prev = this.worst.get(id);
      if (prev === undefined || (STATUS_RANK[status] ?? 0) > (STATUS_RANK[prev] ?? 0)) this.worst.set(id, status);
    } else if (envelope.testCaseFinished && !envelope.testCaseFinished.willBeRetried) {
      this.finish(envelope.testCaseFinished.testCaseStartedId);
    }
  }

  private finish(startedId: string): void {
    const status: string = this.worst.get(startedId) ?? 'PASSED';
    const pickle = this.pickles.get(this.caseToPickle.get(this.startedToCase.get(startedId) ?? '') ?? '');
    this.done += 1;
    if (status === 'PASSED') this.counts.passed += 1;
    else if (status === 'FAILED') this.counts.failed += 1;
    else if (status === 'SKIPPED') this.counts.skipped += 1;
    else this.counts.other += 1;
    const spec = pickle?.tags.map((t) => t.name).find((t) => t.startsWith('@SPEC-'))?.slice(1) ?? '';
    const width = String(this.total).length;
    this.write(`[${String(this.done).padStart(width)}/${this.total}] ${(LABEL[status] ?? status).padEnd(5)} ${spec.padEnd(8)} ${pickle?.name ?? startedId}`);
  }
}
