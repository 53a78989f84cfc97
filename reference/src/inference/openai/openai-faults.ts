// Where the OpenAI routes deviate from SPEC-047's OpenAI framing under fault switches (mutants the suite must
// catch). Each switch is read here, once, into the flags of the module whose rule it breaks; without faults every
// flag is false.

import type { FaultSet } from '../../faults.ts';
import type { MappingFaults } from './request-mapping.ts';
import type { BuilderFaults } from './response-builders.ts';
import type { RelayFaults } from './stream-relay.ts';

export interface OpenAiBehaviour {
  mapping: MappingFaults;
  builders: BuilderFaults;
  relay: RelayFaults;
  /** Refusals are sent as `{error: {message, type, param, code}}` without domain and retryable. */
  openAiErrorShape: boolean;
  /** A client that disconnects before its response is complete cancels the generation. */
  cancelOnDisconnect: boolean;
}

export function openAiBehaviour(faults: FaultSet): OpenAiBehaviour {
  return {
    mapping: {
      // FAULT openai.chat-no-cue: the chat prompt ends after the last message, without the `assistant: ` cue.
      chatWithoutCue: faults.has('openai.chat-no-cue'),
      // FAULT openai.stop-ignored: stop strings are not passed to the generation.
      dropStop: faults.has('openai.stop-ignored'),
      // FAULT openai.seed-ignored: the seed is not passed to the generation.
      dropSeed: faults.has('openai.seed-ignored'),
      // FAULT openai.n-ignored: any n is accepted and answered with one choice.
      acceptAnyN: faults.has('openai.n-ignored'),
    },
    builders: {
      // FAULT openai.usage-total-without-prompt: usage.total_tokens counts the completion tokens only.
      totalWithoutPrompt: faults.has('openai.usage-total-without-prompt'),
      // FAULT openai.finish-always-stop: finish_reason is always "stop".
      finishAlwaysStop: faults.has('openai.finish-always-stop'),
    },
    relay: {
      // FAULT openai.stream-no-done: a stream ends without `data: [DONE]`.
      omitDone: faults.has('openai.stream-no-done'),
    },
    // FAULT openai.error-shape: refusals of the OpenAI routes use OpenAI's error object instead of the SPEC-007 envelope.
    openAiErrorShape: faults.has('openai.error-shape'),
    // FAULT openai.disconnect-continues: a client that goes away does not cancel its generation.
    cancelOnDisconnect: !faults.has('openai.disconnect-continues'),
  };
}
