/* Generated from schemas/protocol/seed-response.schema.json by npm run gen. Do not edit. */

/**
 * A u64 on the wire (SPEC-010): canonical decimal string, no sign, no leading zeros, value at most 2^64-1 = 18446744073709551615.
 */
export type Unsigned64BitInteger = string;

/**
 * Response of PUT and GET /v1/conformance/seed (SPEC-000): the routing seed override, or null when none is set.
 */
export interface SeedResponse {
  /**
   * The override in effect, or null.
   */
  seed: Unsigned64BitInteger | null;
}
