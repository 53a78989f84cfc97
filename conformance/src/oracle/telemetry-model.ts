// SPEC-049 §4.3 as data and plain arithmetic: the required metric families (type, label names, bucket bounds) and
// how much each counter and histogram count must move for a set of generations served one at a time, computed from
// the figures those generations reported (finish reason, usage, timing).

export type RequiredType = 'counter' | 'gauge' | 'histogram';

export const OUTCOMES = ['stop', 'length', 'cancelled', 'error'] as const;
export const PAGE_STATES = ['free', 'active', 'cached'] as const;

/** Finite bucket bounds of the required histograms (the `le` values before +Inf), SPEC-049 §4.3. */
export const BUCKET_BOUNDS: Readonly<Record<string, readonly number[]>> = {
  litellm_time_to_first_token_seconds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  litellm_inter_token_latency_seconds: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  litellm_scheduler_batch_sequences: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  litellm_http_request_duration_seconds: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
};

/** What a generation reports about itself (SPEC-047 usage, SPEC-043 timing). */
export interface ReportedGeneration {
  readonly finishReason: string;
  readonly usage: { readonly promptTokens: number; readonly completionTokens: number; readonly cachedTokens: number };
  readonly timing: { readonly steps: number };
}

/** Sample name (with its labels) → the exact amount it must move by. */
export interface ExpectedMove {
  readonly sample: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly by: number;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** REQ-049-003: counter moves for generations served one at a time with no other generation traffic. */
export function expectedCounterMoves(generations: readonly ReportedGeneration[]): ExpectedMove[] {
  return [
    ...OUTCOMES.map((outcome) => ({
      sample: 'litellm_generations_total', labels: { outcome }, by: generations.filter((g) => g.finishReason === outcome).length,
    })),
    { sample: 'litellm_generated_tokens_total', labels: {}, by: sum(generations.map((g) => g.usage.completionTokens)) },
    { sample: 'litellm_prompt_tokens_total', labels: {}, by: sum(generations.map((g) => g.usage.promptTokens)) },
    { sample: 'litellm_prompt_cached_tokens_total', labels: {}, by: sum(generations.map((g) => g.usage.cachedTokens)) },
    { sample: 'litellm_scheduler_steps_total', labels: {}, by: sum(generations.map((g) => g.timing.steps)) },
  ];
}

/** REQ-049-004: histogram count (and batch-size sum) moves for the same generations; one sequence per step. */
export function expectedHistogramMoves(generations: readonly ReportedGeneration[]): ExpectedMove[] {
  const steps = sum(generations.map((g) => g.timing.steps));
  return [
    { sample: 'litellm_time_to_first_token_seconds_count', labels: {}, by: generations.filter((g) => g.usage.completionTokens > 0).length },
    { sample: 'litellm_inter_token_latency_seconds_count', labels: {}, by: sum(generations.map((g) => Math.max(0, g.usage.completionTokens - 1))) },
    { sample: 'litellm_scheduler_batch_sequences_count', labels: {}, by: steps },
    { sample: 'litellm_scheduler_batch_sequences_sum', labels: {}, by: steps },
  ];
}
