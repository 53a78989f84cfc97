// Coded errors raised by the oracle and the fixtures. Codes come from the SPEC-007 registry
// (specs/error-registry.json); only misuse throws, validation problems are returned as data.

export type OracleErrorCode =
  | 'E_CONTROL_SEED_INVALID'
  | 'E_PROTOCOL_BAD_REQUEST'
  | 'E_MODEL_MANIFEST_INVALID'
  | 'E_MODEL_FORMAT'
  | 'E_MODEL_LIMIT'
  | 'E_ROUTING_SHAPE'
  | 'E_ROUTING_NOT_FINITE'
  | 'E_ROUTING_LAYER'
  | 'E_FORWARD_UNSUPPORTED'
  | 'E_INTERNAL';

export class OracleError extends Error {
  readonly code: OracleErrorCode;

  constructor(code: OracleErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'OracleError';
    this.code = code;
  }
}

/** True when `err` is an OracleError carrying `code` (handy in assert.throws). */
export function hasOracleCode(err: unknown, code: OracleErrorCode): boolean {
  return err instanceof OracleError && err.code === code;
}
