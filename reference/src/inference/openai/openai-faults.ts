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
      // FAULT openai.stream-usage-missing: stream_options.include_usage is ignored (no usage chunk).
      omitUsageChunk: faults.has('openai.stream-usage-missing'),
      // FAULT openai.stream-no-role: the first chat chunk carries no role.
      omitRole: faults.has('openai.stream-no-role'),
    },
    // FAULT openai.disconnect-continues: a client that goes away does not cancel its generation.
    cancelOnDisconnect: !faults.has('openai.disconnect-continues'),
  };
}
