// OpenAI request bodies to generation inputs (SPEC-047, OpenAI framing). The byte tokenizer makes the mapping
// exact: a prompt or stop string becomes its UTF-8 bytes, one token per byte, so a client can reproduce any
// completion through POST /v1/generate with the same token ids.

import { RuntimeError } from '../../errors.ts';
import type { GenerateInput } from '../generation/service.ts';
import { encodeText } from '../generation/tokenizer.ts';
import type { OpenAIChatCompletionRequest } from '../../../../schemas/generated/protocol/openai-chat-request.schema.ts';
import type { OpenAICompletionRequest } from '../../../../schemas/generated/protocol/openai-completion-request.schema.ts';

export interface MappedRequest {
  input: GenerateInput;
  stream: boolean;
  /** stream_options.include_usage of a streamed request. */
  includeUsage: boolean;
}

/** Deviations the fault switches make in the mapping; all false for a conforming runtime. */
export interface MappingFaults {
  /** The chat prompt ends after the last message, without the `assistant: ` cue. */
  chatWithoutCue: boolean;
  /** Stop strings are not passed to the generation. */
  dropStop: boolean;
  /** The seed is not passed to the generation. */
  dropSeed: boolean;
  /** Any n is accepted and answered with one choice. */
  acceptAnyN: boolean;
}

export const CONFORMING_MAPPING: MappingFaults = { chatWithoutCue: false, dropStop: false, dropSeed: false, acceptAnyN: false };

/** Longest stop sequence in tokens the generate route accepts (schemas/protocol/generate-request.schema.json). */
export const MAX_STOP_TOKENS = 64;

/** The chat prompt text: `<role>: <content>\n` per message, then the `assistant: ` cue. */
export function chatPromptText(messages: readonly { role: string; content: string }[], withCue = true): string {
  const turns = messages.map((message) => `${message.role}: ${message.content}\n`).join('');
  return withCue ? `${turns}assistant: ` : turns;
}

/** An OpenAI integer seed (0..2^53-1 by the schema) as the u64 decimal string of SPEC-043. */
export function seedString(seed: number): string {
  return BigInt(seed).toString();
}

/** Stop strings as token sequences; a sequence longer than the generate route allows is a bad request. */
export function stopSequences(stop: string | readonly string[]): number[][] {
  const strings = typeof stop === 'string' ? [stop] : stop;
  return strings.map((text) => {
    const tokens = encodeText(text);
    if (tokens.length > MAX_STOP_TOKENS) {
      throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', `a stop sequence is ${tokens.length} UTF-8 bytes; at most ${MAX_STOP_TOKENS} are allowed`);
    }
    return tokens;
  });
}

type SharedMembers = Pick<OpenAICompletionRequest, 'model' | 'temperature' | 'top_p' | 'seed' | 'stop' | 'stream' | 'stream_options' | 'n'>;

function mapShared(body: SharedMembers, prompt: number[], maxTokens: number | undefined, faults: MappingFaults): MappedRequest {
  if (body.n !== undefined && body.n !== 1 && !faults.acceptAnyN) {
    throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', `n is ${body.n}; only n = 1 is supported`);
  }
  // An absent limit stays absent: the service applies its default (SPEC-043).
  const input: GenerateInput = { model: body.model, prompt };
  if (maxTokens !== undefined) input.maxTokens = maxTokens;
  if (body.temperature !== undefined) input.temperature = body.temperature;
  if (body.top_p !== undefined) input.topP = body.top_p;
  if (body.seed !== undefined && !faults.dropSeed) input.seed = seedString(body.seed);
  if (body.stop !== undefined && !faults.dropStop) input.stop = stopSequences(body.stop);
  const stream = body.stream === true;
  return { input, stream, includeUsage: stream && body.stream_options?.include_usage === true };
}

/** A completion prompt's tokens: a string's UTF-8 bytes (alone or as the one item of an array), or token ids. */
export function completionPrompt(prompt: OpenAICompletionRequest['prompt']): number[] {
  if (typeof prompt === 'string') return encodeText(prompt);
  const [first] = prompt;
  return typeof first === 'string' ? encodeText(first) : (prompt as number[]).slice();
}

export function mapCompletionRequest(body: OpenAICompletionRequest, faults: MappingFaults = CONFORMING_MAPPING): MappedRequest {
  return mapShared(body, completionPrompt(body.prompt), body.max_tokens, faults);
}

export function mapChatRequest(body: OpenAIChatCompletionRequest, faults: MappingFaults = CONFORMING_MAPPING): MappedRequest {
  const prompt = encodeText(chatPromptText(body.messages, !faults.chatWithoutCue));
  return mapShared(body, prompt, body.max_completion_tokens ?? body.max_tokens, faults);
}
