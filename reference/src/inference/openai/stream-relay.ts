// Generation events to OpenAI stream chunks (SPEC-047, OpenAI framing): `data: <chunk>` lines, a usage chunk when
// the client asked for one, then `data: [DONE]`. A coded error that ends the generation is sent as
// `data: {"error": {...}}` (the runtime's envelope, which OpenAI clients raise as an API error) and ends the stream
// without [DONE]. Events are relayed as the generation appends them, so text reaches the client token by token.

import type { Generation, GenerationEvent } from '../generation/generation.ts';
import type { SseStream } from '../../server/sse.ts';
import type { ResponseBuilder, OpenAiKind } from './response-builders.ts';

/** Deviations the fault switches make in the stream; all false for a conforming runtime. */
export interface RelayFaults {
  /** The stream ends without the `data: [DONE]` line. */
  omitDone: boolean;
  /** The usage chunk is left out even when include_usage asked for it. */
  omitUsageChunk: boolean;
  /** The chat stream's first chunk carries no role. */
  omitRole: boolean;
}

export const CONFORMING_RELAY: RelayFaults = { omitDone: false, omitUsageChunk: false, omitRole: false };

/** The data of the line that ends a successful OpenAI stream. */
export const DONE_DATA = '[DONE]';

export type RelayedGeneration = Pick<Generation, 'follow'>;
export type ChunkSink = Pick<SseStream, 'send' | 'end'>;

export interface RelayOptions {
  kind: OpenAiKind;
  includeUsage: boolean;
  faults?: RelayFaults;
}

/** Follows `generation` from its first event, writing each chunk to `sink` as the generation appends events. */
export function relayGeneration(generation: RelayedGeneration, builder: ResponseBuilder, options: RelayOptions, sink: ChunkSink): void {
  const faults = options.faults ?? CONFORMING_RELAY;
  let complete = false;
  let unsubscribe: (() => void) | null = null;
  const send = (value: unknown): void => sink.send({ data: JSON.stringify(value) });
  const finish = (): void => {
    complete = true;
    sink.end();
    // follow() may deliver the last event while still subscribing; unsubscribe once it has returned.
    unsubscribe?.();
  };
  const onEvent = (event: GenerationEvent): void => {
    if (complete) return;
    switch (event.type) {
      case 'start':
        if (options.kind === 'chat') {
          const chunk = builder.roleChunk(options.includeUsage);
          if (faults.omitRole) delete (chunk.choices[0] as { delta: { role?: string } }).delta.role;
          send(chunk);
        }
        return;
      case 'token':
        // A token that completes no character yet (inside a multi-byte UTF-8 sequence) adds nothing to send.
        if (event.text !== '') send(builder.textChunk(event.text, options.includeUsage));
        return;
      case 'usage':
        send(builder.finishChunk(event.finishReason, options.includeUsage));
        if (options.includeUsage && !faults.omitUsageChunk) send(builder.usageChunk(event));
        return;
      case 'error':
        send({ error: event.error });
        finish();
        return;
      case 'done':
        if (!faults.omitDone) sink.send({ data: DONE_DATA });
        finish();
        return;
    }
  };
  unsubscribe = generation.follow(0, onEvent);
  if (complete) unsubscribe();
}

/** The non-streamed result: the released texts in order and the usage record, or the error that ended it. */
export type CollectedResult =
  | { kind: 'ok'; text: string; usage: Extract<GenerationEvent, { type: 'usage' }> }
  | { kind: 'error'; error: Extract<GenerationEvent, { type: 'error' }>['error'] };

export function collectResult(events: readonly GenerationEvent[]): CollectedResult {
  let text = '';
  for (const event of events) {
    if (event.type === 'token') text += event.text;
    else if (event.type === 'usage') return { kind: 'ok', text, usage: event };
    else if (event.type === 'error') return { kind: 'error', error: event.error };
  }
  return { kind: 'error', error: { code: 'E_INTERNAL', domain: 'internal', message: 'the generation ended without a usage record', retryable: false } };
}
