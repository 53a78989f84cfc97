/* Generated from schemas/specs/error-registry.schema.json by npm run gen. Do not edit. */

/**
 * The stable code.
 */
export type ErrorCode = string;
/**
 * The code's domain.
 */
export type ErrorDomain =
  | 'protocol'
  | 'auth'
  | 'model'
  | 'routing'
  | 'control'
  | 'forward'
  | 'compute'
  | 'memory'
  | 'state'
  | 'deadline'
  | 'storage'
  | 'snapshot'
  | 'generation'
  | 'budget'
  | 'tenant'
  | 'internal';

/**
 * Shape of specs/error-registry.json, the single source of SPEC-007 error codes: each code with its domain, HTTP status and retryable flag. Codes are unique and each code's second segment names its domain (SPEC-007).
 */
export interface ErrorCodeRegistry {
  /**
   * Registry format version.
   */
  version: 1;
  /**
   * Registered codes, grouped by domain.
   *
   * @minItems 1
   */
  codes: {
    code: ErrorCode;
    domain: ErrorDomain;
    /**
     * HTTP status every response carrying this code uses.
     */
    http: number;
    /**
     * Value of the envelope's retryable flag for this code.
     */
    retryable: boolean;
    /**
     * When the code is returned, in one sentence.
     */
    summary: string;
  }[];
}
