/* Generated from schemas/protocol/error-envelope.schema.json by npm run gen. Do not edit. */

/**
 * Body of every non-2xx response (SPEC-007). code is a registry code; domain is the domain whose upper-case name follows 'E_' in code; retryable equals the registry's retryable flag for code. message is human-readable and never asserted on.
 */
export interface ErrorEnvelope {
  error: {
    [k: string]: unknown;
  };
}
