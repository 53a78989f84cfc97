/* Generated from schemas/conformance/mutant-catalogue.schema.json by npm run gen. Do not edit. */

/**
 * The reference runtime's fault switches and, for each, the requirements whose scenarios must fail when it is switched on (mutation adequacy of the suite). Read by npm run conformance:mutants.
 */
export interface MutantCatalogue {
  $schema?: string;
  /**
   * @minItems 1
   */
  mutants: {
    /**
     * Name passed to --fault.
     */
    fault: string;
    /**
     * Requirements each of which must have a failing scenario when this fault is on.
     *
     * @minItems 1
     */
    kills: string[];
    /**
     * What the mutant does wrong, in one line.
     */
    effect: string;
  }[];
}
