/* Generated from schemas/protocol/openai-completion-request.schema.json by npm run gen. Do not edit. */

/**
 * Id of a loaded formatVersion 2 model.
 */
export type ModelName = string;
/**
 * A non-empty stop sequence.
 */
export type StopString = string;

/**
 * Body of POST /v1/completions (SPEC-047, OpenAI framing): the members of the OpenAI completions request that this runtime supports; any other member is E_PROTOCOL_BAD_REQUEST. The prompt is encoded as UTF-8, one token per byte, and generated through the same service as POST /v1/generate.
 */
export interface OpenAICompletionRequest {
  model: ModelName;
  /**
   * The prompt: a string, an array holding exactly one string, or an array of token ids. An empty prompt is E_GENERATION_LENGTH.
   */
  prompt: string | string[] | number[];
  /**
   * Most completion tokens to generate. Absent means 16. A prompt whose tokens plus this exceed the model's maxSeq is E_GENERATION_LENGTH.
   */
  max_tokens?: number;
  /**
   * Sampling temperature in [0, 2]; 0 (the default) is greedy decoding (SPEC-043). Passed to the generation as temperature.
   */
  temperature?: number;
  /**
   * Nucleus mass kept when sampling, in (0, 1]; absent means 1. Passed to the generation as topP.
   */
  top_p?: number;
  /**
   * Sampling seed: an integer in 0..2^53-1, passed to the generation as its decimal seed (SPEC-043). Absent means seed "0", so equal requests give equal completions.
   */
  seed?: number;
  /**
   * Stop sequences: one string or up to 4. Each is encoded as UTF-8 bytes, one token per byte (at most 64 bytes; more is E_PROTOCOL_BAD_REQUEST). Generation ends when the completion ends with one; it is left out of the text and finish_reason is "stop".
   */
  stop?: StopString | StopString[];
  /**
   * When true the response is a text/event-stream of chunks ending with "data: [DONE]". Absent means false.
   */
  stream?: boolean;
  /**
   * Options of a streamed response; ignored when stream is not true.
   */
  stream_options?: {
    /**
     * When true a last chunk before [DONE] carries usage and no choices, and every other chunk has "usage": null.
     */
    include_usage?: boolean;
  };
  /**
   * Number of choices, 1 to 128. Only 1 is supported; any other value is E_PROTOCOL_BAD_REQUEST.
   */
  n?: number;
  /**
   * End-user identifier; accepted and ignored.
   */
  user?: string;
}
