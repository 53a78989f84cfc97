/* Generated from schemas/protocol/load-model-request.schema.json by npm run gen. Do not edit. */

/**
 * Body of POST /v1/models (SPEC-000, SPEC-001): exactly one of manifestUrl, the absolute http(s) URL of a conformance model manifest, or builtin, the name of a model built into the runtime.
 */
export interface LoadModelRequest {
  /**
   * Absolute http or https URL of manifest.json.
   */
  manifestUrl?: string;
  /**
   * A built-in model (SPEC-001): only default exists.
   */
  builtin?: 'default';
}
