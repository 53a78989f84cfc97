// The OpenAI-compatible framing of the generation service (SPEC-047): request mapping, response and chunk builders,
// the stream relay and the fault deviations. The routes live in server/routes-openai.ts.

export { chatPromptText, completionPrompt, mapChatRequest, mapCompletionRequest, seedString, stopSequences, CONFORMING_MAPPING } from './request-mapping.ts';
export type { MappedRequest, MappingFaults } from './request-mapping.ts';
export { ResponseBuilder, CONFORMING_BUILDERS } from './response-builders.ts';
export type { BuilderFaults, OpenAiChunk, OpenAiKind, ResponseFrame } from './response-builders.ts';
export { collectResult, relayGeneration, CONFORMING_RELAY, DONE_DATA } from './stream-relay.ts';
export type { ChunkSink, CollectedResult, RelayFaults, RelayOptions } from './stream-relay.ts';
export { openAiBehaviour } from './openai-faults.ts';
export type { OpenAiBehaviour } from './openai-faults.ts';
