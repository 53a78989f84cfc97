/* Generated from schemas/protocol/memory-budget-request.schema.json by npm run gen. Do not edit. */

/**
 * New budget in bytes.
 */
export type NonNegativeSafeInteger = number;

/**
 * Body of PUT /v1/conformance/memory-budget (SPEC-006): the new budget for resident parameters. A budget below the bytes in use is refused with E_MEMORY_BUDGET.
 */
export interface MemoryBudgetRequest {
  bytes: NonNegativeSafeInteger;
}
