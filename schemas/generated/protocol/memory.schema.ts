/* Generated from schemas/protocol/memory.schema.json by npm run gen. Do not edit. */

/**
 * Current budget for resident parameters, in bytes.
 */
export type NonNegativeSafeInteger = number;
/**
 * Sum of the models' bytes; never above budgetBytes.
 */
export type NonNegativeSafeInteger1 = number;
/**
 * Model id.
 */
export type ModelName = string;
/**
 * 4 x the model's parameters.
 */
export type NonNegativeSafeInteger2 = number;

/**
 * Response of GET /v1/memory and PUT /v1/conformance/memory-budget (SPEC-006): the parameter memory budget, the bytes in use and each loaded model's resident bytes.
 */
export interface Memory {
  budgetBytes: NonNegativeSafeInteger;
  usedBytes: NonNegativeSafeInteger1;
  /**
   * Loaded models sorted by id in ascending code-point order.
   */
  models: {
    id: ModelName;
    bytes: NonNegativeSafeInteger2;
  }[];
}
