/* Generated from schemas/protocol/common.schema.json by npm run gen. Do not edit. */

/**
 * Shared definitions referenced by the other protocol, model and registry schemas (SPEC-000, SPEC-001, SPEC-007, SPEC-010). This document validates nothing by itself; reference its $defs by $id.
 */
export interface CommonProtocolDefinitions {
  [k: string]: unknown;
}
