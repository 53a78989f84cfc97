/* Generated from schemas/protocol/info.schema.json by npm run gen. Do not edit. */

/**
 * Response of GET /v1/info (SPEC-000): runtime identity, protocol version, mode, claimed profiles and capabilities, and declared limits.
 */
export interface RuntimeInfo {
  /**
   * Runtime identity, recorded in every conformance report.
   */
  runtime: {
    /**
     * Runtime product name.
     */
    name: string;
    /**
     * Runtime version string.
     */
    version: string;
  };
  /**
   * Conformance Endpoint Protocol version, 'major.minor'; this suite speaks major 1.
   */
  protocolVersion: string;
  /**
   * conformance exposes the control API; production hides it.
   */
  mode: 'conformance' | 'production';
  /**
   * Claimed profiles; always includes core.
   *
   * @minItems 1
   */
  profiles: string[];
  /**
   * Claimed capabilities, dotted lower-case names such as models.load or route.
   */
  capabilities: string[];
  /**
   * Declared limits; requests beyond them fail with the code SPEC-007 names.
   */
  limits: {
    /**
     * Largest dModel the runtime loads.
     */
    maxDModel: number;
    /**
     * Most rows of hidden in one route request.
     */
    maxTokensPerRequest: number;
    /**
     * Largest manifest, in bytes.
     */
    maxManifestBytes: number;
    /**
     * Largest shard, in bytes.
     */
    maxShardBytes: number;
    /**
     * Most models loaded at once.
     */
    maxModels: number;
  };
}
