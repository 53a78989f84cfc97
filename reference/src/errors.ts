// The error codes this runtime emits and the error type that carries one across module boundaries.
// Every code here must exist in specs/error-registry.json (SPEC-007); the server checks that at startup
// and a unit test checks it in CI, so a code cannot be emitted without being registered.

export const EMITTED_ERROR_CODES = [
  'E_PROTOCOL_BAD_REQUEST',
  'E_PROTOCOL_NOT_FOUND',
  'E_PROTOCOL_METHOD_NOT_ALLOWED',
  'E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE',
  'E_PROTOCOL_PAYLOAD_TOO_LARGE',
  'E_AUTH_MISSING_CREDENTIAL',
  'E_AUTH_INVALID_CREDENTIAL',
  'E_AUTH_FORBIDDEN',
  'E_MODEL_NOT_FOUND',
  'E_MODEL_CONFLICT',
  'E_MODEL_FETCH_FAILED',
  'E_MODEL_MANIFEST_INVALID',
  'E_MODEL_INTEGRITY',
  'E_MODEL_FORMAT',
  'E_MODEL_LIMIT',
  'E_MODEL_CAPACITY',
  'E_ROUTING_SHAPE',
  'E_ROUTING_NOT_FINITE',
  'E_ROUTING_LAYER',
  'E_CONTROL_SEED_INVALID',
  'E_CONTROL_TENANT_EXISTS',
  'E_FORWARD_UNSUPPORTED',
  'E_FORWARD_TOKEN',
  'E_FORWARD_LENGTH',
  'E_COMPUTE_BOUND',
  'E_MEMORY_BUDGET',
  'E_STATE_TRANSITION',
  'E_STATE_UNAVAILABLE',
  'E_DEADLINE_EXCEEDED',
  'E_STORAGE_INTEGRITY',
  'E_STORAGE_UNAVAILABLE',
  'E_STORAGE_BUDGET',
  'E_STORAGE_EXPERT',
  'E_SNAPSHOT_NOT_FOUND',
  'E_SNAPSHOT_EXISTS',
  'E_SNAPSHOT_INTEGRITY',
  'E_SNAPSHOT_UNSUPPORTED',
  'E_GENERATION_NOT_FOUND',
  'E_GENERATION_LENGTH',
  'E_BUDGET_INFEASIBLE',
  'E_BUDGET_COST',
  'E_ROUTING_TIERSET',
  'E_ROUTING_HARDWARE',
  'E_TENANT_QUOTA',
  'E_MEMORY_KV',
  'E_INTERNAL',
] as const;

export type ErrorCode = (typeof EMITTED_ERROR_CODES)[number];

/** A failure with a stable registry code; the HTTP layer maps the code to status, domain and retryability. */
export class RuntimeError extends Error {
  readonly code: ErrorCode;
  /** Whole seconds after which a retry may succeed; sent as the Retry-After header (RFC 9110 §10.2.3). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RuntimeError';
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export function isRuntimeError(value: unknown): value is RuntimeError {
  return value instanceof RuntimeError;
}
