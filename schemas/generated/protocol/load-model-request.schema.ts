/* Generated from schemas/protocol/load-model-request.schema.json by npm run gen. Do not edit. */

/**
 * Body of POST /v1/models (SPEC-000): the absolute http(s) URL of a conformance model manifest.
 */
export interface LoadModelRequest {
  /**
   * Absolute http or https URL of manifest.json.
   */
  manifestUrl: string;
}
