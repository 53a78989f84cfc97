// Fault switches of the openai area (see reference/src/faults.ts): one comment line per name saying what it breaks.

export const OPENAI_FAULT_NAMES = [
  // inference/openai/openai-faults.ts: the chat prompt ends after the last message, without the `assistant: ` cue (REQ-047-011).
  'openai.chat-no-cue',
  // inference/openai/openai-faults.ts: stop strings are not passed to the generation (REQ-047-010).
  'openai.stop-ignored',
  // inference/openai/openai-faults.ts: the seed is not passed to the generation, so every request samples with seed 0 (REQ-047-010, REQ-047-011).
  'openai.seed-ignored',
  // inference/openai/openai-faults.ts: any n is accepted and answered with one choice (REQ-047-013).
  'openai.n-ignored',
  // inference/openai/openai-faults.ts: usage.total_tokens counts the completion tokens only (REQ-047-010, REQ-047-011).
  'openai.usage-total-without-prompt',
  // inference/openai/openai-faults.ts: finish_reason is always "stop" (REQ-047-010, REQ-047-011).
  'openai.finish-always-stop',
  // inference/openai/openai-faults.ts: a stream ends without `data: [DONE]` (REQ-047-012).
  'openai.stream-no-done',
  // inference/openai/openai-faults.ts: refusals of the OpenAI routes use OpenAI's error object instead of the SPEC-007 envelope (REQ-047-013).
  'openai.error-shape',
  // inference/openai/openai-faults.ts: a streaming OpenAI client that goes away does not cancel its generation (REQ-047-005).
  'openai.disconnect-continues',
] as const;
