/* Generated from schemas/protocol/deployment.schema.json by npm run gen. Do not edit. */

/**
 * The model id.
 */
export type ModelName = string;

/**
 * The deployment in force (GET /v1/deployment, and the answer of PUT /v1/conformance/deployment): hardware classes, which class serves each tier, default tier sets and the cost model (SPEC-041, SPEC-042, SPEC-048).
 */
export interface Deployment {
  /**
   * The hardware classes, distinct names (listed by name).
   *
   * @minItems 1
   * @maxItems 64
   */
  hardwareClasses: {
    /**
     * A hardware class name: lower-case letters, digits, '.', '_' and '-', 1 to 32 characters.
     */
    name: string;
    /**
     * Whether the class is available; tiers it serves cannot be selected when it is not.
     */
    available: boolean;
    /**
     * Nanoseconds per expert multiply-add on this class (SPEC-042 §4.2).
     */
    expertNsPerMultiplyAdd: number;
  }[];
  /**
   * The class serving every tier no tierHardware entry names; must be declared.
   */
  defaultHardwareClass: string;
  /**
   * Per-model tier hardware and default tier set, distinct model ids (listed by id).
   *
   * @maxItems 256
   */
  models: {
    model: ModelName;
    /**
     * Hardware class of tier t, for t below the length; later tiers are served by the default class. Every name must be declared.
     *
     * @maxItems 4096
     */
    tierHardware: string[];
    /**
     * Tier set of requests to this model that name none (SPEC-041 §4.2); null for every tier. Checked against the model when a request uses it.
     *
     * @maxItems 4096
     */
    defaultTierSet: number[] | null;
  }[];
  /**
   * The cost model (SPEC-048 §4.1, SPEC-042 §4.2): prices and speeds of router and expert multiply-adds.
   */
  costModel: {
    /**
     * Cost units per router multiply-add.
     */
    routerCostPerMultiplyAdd: number;
    /**
     * Cost units per expert multiply-add (routed and shared experts).
     */
    expertCostPerMultiplyAdd: number;
    /**
     * Nanoseconds per router multiply-add.
     */
    routerNsPerMultiplyAdd: number;
    /**
     * Milliseconds per token that do not depend on the routing.
     */
    fixedLatencyMs: number;
  };
}
