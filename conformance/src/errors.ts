// Errors of the harness itself (not of the runtime under test). Codes are H_-prefixed so they can never be
// confused with a runtime's SPEC-007 codes.

/** A failure of the run itself, not of a scenario: bad options, unreachable endpoint, invalid info. */
export class RunSetupError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RunSetupError';
    this.code = code;
  }
}
