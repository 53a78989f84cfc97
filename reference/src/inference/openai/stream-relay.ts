// Generation events to OpenAI stream chunks (SPEC-047 §4.8): `data: <chunk>` lines (for chat a first one with the
// role), one per token event, one with the finish reason, a usage chunk when the client asked for one, then
// `data: [DONE]`. A coded error that ends the generation is sent as `data: {"error": {...}}` (the SPEC-007 error
// object, which OpenAI clients raise as an API error) before [DONE]. Events are relayed as the generation appends
// them, so text reaches the client token by token.

import type { Generation, GenerationEvent } from '../generation/generation.ts';
import type { SseStream } from '../../server/sse.ts';
import type { ResponseBuilder, OpenAiKind } from './response-builders.ts';

/** Deviations the fault switches make in the stream; all false for a conforming runtime. */
export interface RelayFaults {
  /** The stream ends without the `data: [DONE]` line. */
  omitDone: boolean;
}

export const CONFORMING_RELAY: RelayFaults = { omitDone: false };

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
  const finish = (withoutDone: boolean): void => {
    complete = true;
    if (!withoutDone) sink.send({ data: DONE_DATA });
    sink.end();
    // follow() may deliver the last event while still subscribing; unsubscribe once it has returned.
    unsubscribe?.();
  };
  const onEvent = (event: GenerationEvent): void => {
    if (complete) return;
    switch (event.type) {
      case 'start':
        if (options.kind === 'chat') send(builder.roleChunk(options.includeUsage));
        return;
      case 'token':
        // One chunk per token event, also one whose token completes no character yet (SPEC-047 §4.8).
        send(builder.textChunk(event.text, options.includeUsage));
        return;
      case 'usage':
        send(builder.finishChunk(event.finishReason, options.includeUsage));
        if (options.includeUsage) send(builder.usageChunk(event));
        return;
      case 'error':
        send({ error: event.error });
        finish(faults.omitDone);
        return;
      case 'done':
        finish(faults.omitDone);
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
