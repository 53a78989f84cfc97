// Fault switches of the openai area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const OPENAI_FAULT_NAMES = [
  // inference/openai/openai-faults.ts: the chat prompt ends after the last message, without the `assistant: ` cue.
  'openai.chat-no-cue',
  // inference/openai/openai-faults.ts: stop strings are not passed to the generation.
  'openai.stop-ignored',
  // inference/openai/openai-faults.ts: the seed is not passed to the generation.
  'openai.seed-ignored',
  // inference/openai/openai-faults.ts: any n is accepted and answered with one choice.
  'openai.n-ignored',
  // inference/openai/openai-faults.ts: usage.total_tokens counts the completion tokens only.
  'openai.usage-total-without-prompt',
  // inference/openai/openai-faults.ts: finish_reason is always "stop".
  'openai.finish-always-stop',
  // inference/openai/openai-faults.ts: a stream ends without `data: [DONE]`.
  'openai.stream-no-done',
  // inference/openai/openai-faults.ts: stream_options.include_usage is ignored (no usage chunk).
  'openai.stream-usage-missing',
  // inference/openai/openai-faults.ts: the first chat chunk carries no role.
  'openai.stream-no-role',
  // inference/openai/openai-faults.ts: a client that goes away does not cancel its generation.
  'openai.disconnect-continues',
] as const;
