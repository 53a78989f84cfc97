/**
 * Errors raised by the report builder. Each carries a stable code so that callers (the harness CLI, CI wrappers)
 * branch on the code, never on the message.
 */

/**
 * Codes this module raises. Like the harness's own errors they are H_-prefixed: they describe the suite's tooling,
 * never a runtime under test, so they must not be confusable with SPEC-007 runtime codes.
 */
export const REPORT_ERROR_CODES = {
  /** A messages stream, requirements index or runtime info document could not be read or has the wrong shape. */
  inputInvalid: 'H_REPORT_INPUT_INVALID',
  /** A report does not satisfy schemas/report/report.schema.json. */
  schemaInvalid: 'H_REPORT_SCHEMA_INVALID',
} as const;

export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[keyof typeof REPORT_ERROR_CODES];

export class ReportError extends Error {
  readonly code: ReportErrorCode;
  /** One line per problem found, so a caller can show all of them at once. */
  readonly problems: readonly string[];

  constructor(code: ReportErrorCode, message: string, problems: readonly string[] = [], options?: ErrorOptions) {
    super(problems.length === 0 ? message : `${message}:\n  ${problems.join('\n  ')}`, options);
    this.name = 'ReportError';
    this.code = code;
    this.problems = problems;
  }
}

export function inputInvalid(message: string, problems: readonly string[] = [], cause?: unknown): ReportError {
  return new ReportError(REPORT_ERROR_CODES.inputInvalid, message, problems, cause === undefined ? undefined : { cause });
}
