// OpenAI response bodies and stream chunks (SPEC-047, OpenAI framing), built from what a generation reported:
// its token texts in order and its usage record. The non-streamed text and the streamed deltas come from the same
// token events, so the two always agree.

import type { OpenAIChatChunkChoice, OpenAIChatCompletionChunk } from '../../../../schemas/generated/protocol/openai-chat-chunk.schema.ts';
import type { OpenAIChatCompletion } from '../../../../schemas/generated/protocol/openai-chat-completion.schema.ts';
import type { OpenAICompletion, OpenAIFinishReason, OpenAIUsage } from '../../../../schemas/generated/protocol/openai-completion.schema.ts';
import type { OpenAICompletionChunk, OpenAICompletionChunkChoice } from '../../../../schemas/generated/protocol/openai-completion-chunk.schema.ts';
import type { GenerationEvent, Usage } from '../generation/generation.ts';

export type OpenAiKind = 'completion' | 'chat';

type UsageEvent = Extract<GenerationEvent, { type: 'usage' }>;

/** What every body and chunk of one response repeats. */
export interface ResponseFrame {
  kind: OpenAiKind;
  /** The generation id, which is also the OpenAI `id` (SPEC-047 §4.8). */
  generationId: string;
  model: string;
  /** Unix seconds, an integer. */
  created: number;
}

/** Deviations the fault switches make in the bodies; all false for a conforming runtime. */
export interface BuilderFaults {
  /** total_tokens reports completion tokens only. */
  totalWithoutPrompt: boolean;
  /** finish_reason is always "stop". */
  finishAlwaysStop: boolean;
}

export const CONFORMING_BUILDERS: BuilderFaults = { totalWithoutPrompt: false, finishAlwaysStop: false };

export type OpenAiChunk = OpenAICompletionChunk | OpenAIChatCompletionChunk;

export class ResponseBuilder {
  private readonly frame: ResponseFrame;
  private readonly faults: BuilderFaults;

  constructor(frame: ResponseFrame, faults: BuilderFaults = CONFORMING_BUILDERS) {
    this.frame = frame;
    this.faults = faults;
  }

  usage(usage: Usage): OpenAIUsage {
    const total = this.faults.totalWithoutPrompt ? usage.completionTokens : usage.totalTokens;
    return {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: total,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    };
  }

  finishReason(reason: UsageEvent['finishReason']): OpenAIFinishReason {
    return this.faults.finishAlwaysStop ? 'stop' : reason;
  }

  /** The non-streamed body: one choice holding the whole text. */
  body(text: string, usage: UsageEvent): OpenAICompletion | OpenAIChatCompletion {
    const { generationId, model, created } = this.frame;
    const finish_reason = this.finishReason(usage.finishReason);
    if (this.frame.kind === 'completion') {
      return {
        id: generationId,
        object: 'text_completion',
        created,
        model,
        choices: [{ index: 0, text, finish_reason, logprobs: null }],
        usage: this.usage(usage),
      };
    }
    return {
      id: generationId,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason, logprobs: null }],
      usage: this.usage(usage),
    };
  }

  private chunk(choice: OpenAICompletionChunkChoice | OpenAIChatChunkChoice | null, includeUsage: boolean, usage: OpenAIUsage | null = null): OpenAiChunk {
    const { kind, generationId, model, created } = this.frame;
    const object = kind === 'completion' ? 'text_completion' : 'chat.completion.chunk';
    const chunk = { id: generationId, object, created, model, choices: choice === null ? [] : [choice] } as OpenAiChunk;
    if (includeUsage) chunk.usage = usage;
    return chunk;
  }

  /** The chat stream's first chunk: the role, before any token (sent as soon as the generation starts). */
  roleChunk(includeUsage: boolean): OpenAiChunk {
    return this.chunk({ index: 0, delta: { role: 'assistant' }, finish_reason: null, logprobs: null }, includeUsage);
  }

  /** The text of one token event (empty while a multi-byte character is incomplete). */
  textChunk(text: string, includeUsage: boolean): OpenAiChunk {
    const choice = this.frame.kind === 'completion'
      ? { index: 0 as const, text, finish_reason: null, logprobs: null }
      : { index: 0 as const, delta: { content: text }, finish_reason: null, logprobs: null };
    return this.chunk(choice, includeUsage);
  }

  /** The last choice chunk: no new text, the finish reason. */
  finishChunk(reason: UsageEvent['finishReason'], includeUsage: boolean): OpenAiChunk {
    const finish_reason = this.finishReason(reason);
    const choice = this.frame.kind === 'completion'
      ? { index: 0 as const, text: '', finish_reason, logprobs: null }
      : { index: 0 as const, delta: {}, finish_reason, logprobs: null };
    return this.chunk(choice, includeUsage);
  }

  /** The usage chunk of stream_options.include_usage: no choices. */
  usageChunk(usage: UsageEvent): OpenAiChunk {
    return this.chunk(null, true, this.usage(usage));
  }
}
