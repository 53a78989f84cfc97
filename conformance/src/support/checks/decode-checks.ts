// Pure comparisons of a generation with the decode rule of SPEC-043 §4.3–§4.5, over whatever logits the caller
// supplies: the runtime's own forward logits (exact) or the forward oracle's (where decisions are well separated).
import { greedyToken, matchedStop, pickToken, type DecodeParameters } from '../../oracle/generation.ts';
import { decisivePrefix, LOGIT_TOLERANCE, type ForwardSequenceResult } from '../../oracle/index.ts';

export interface DecodedGeneration {
  readonly prompt: readonly number[];
  readonly tokens: readonly number[];
  readonly finishReason: string;
}

/** The sampled token lists a result can stand for: its tokens, or its tokens followed by one stop sequence. */
export function sampledCandidates(generation: DecodedGeneration, parameters: DecodeParameters): number[][] {
  if (generation.finishReason !== 'stop') return [[...generation.tokens]];
  return [...parameters.stop].sort((a, b) => b.length - a.length).map((s) => [...generation.tokens, ...s]);
}

/**
 * Problems of `sampled` as the completion of `generation`: each token must be the rule's pick from `logits[i]`, no
 * stop sequence may end an earlier prefix, and the end must be the one the result reports.
 */
export function decodeProblems(generation: DecodedGeneration, parameters: DecodeParameters, sampled: readonly number[], logits: readonly (readonly number[])[]): string[] {
  const problems: string[] = [];
  sampled.forEach((token, i) => {
    const row = logits[i];
    if (row === undefined) {
      problems.push(`no logits for sampled token ${i}`);
      return;
    }
    const expected = pickToken(row, parameters, i);
    if (expected !== token) problems.push(`sampled token ${i} is ${token}, the rule picks ${expected}`);
  });
  for (let n = 1; n < sampled.length; n += 1) {
    if (matchedStop(sampled.slice(0, n), parameters.stop) !== undefined) problems.push(`a stop sequence already ended the first ${n} sampled tokens`);
  }
  const stop = matchedStop(sampled, parameters.stop);
  if (generation.finishReason === 'stop') {
    if (stop === undefined) problems.push('finishReason is stop but no stop sequence ends the sampled tokens');
    else if (sampled.length - stop.length !== generation.tokens.length) problems.push('the output does not leave out exactly the longest matching stop sequence');
  } else if (generation.finishReason === 'length') {
    if (stop !== undefined) problems.push('a stop sequence ends the sampled tokens but finishReason is length');
    if (sampled.length !== parameters.maxTokens) problems.push(`finishReason length after ${sampled.length} sampled tokens, maxTokens is ${parameters.maxTokens}`);
  } else {
    problems.push(`unexpected finishReason ${generation.finishReason}`);
  }
  return problems;
}

export interface OracleAgreement {
  compared: number;
  total: number;
  problems: string[];
}

/**
 * Greedy tokens against the forward oracle's binary64 logits of prompt + sampled tokens (one sequence, teacher
 * forced): step i is compared when every position up to the one it samples from routed decisively and the oracle's
 * top two logits differ by more than twice the logits tolerance.
 */
export function greedyOracleAgreement(promptLength: number, sampled: readonly number[], oracle: ForwardSequenceResult): OracleAgreement {
  const decisive = decisivePrefix(oracle);
  const problems: string[] = [];
  let compared = 0;
  sampled.forEach((token, i) => {
    const position = promptLength - 1 + i;
    const logits = oracle.tokens[position]?.logits;
    if (logits === undefined || position >= decisive) return;
    const sorted = [...logits].sort((a, b) => b - a);
    const [first = 0, second = 0] = sorted;
    if (first - second <= 2 * LOGIT_TOLERANCE * (1 + Math.abs(first))) return;
    compared += 1;
    const expected = greedyToken(logits);
    if (expected !== token) problems.push(`token ${i} is ${token}, the oracle's argmax is ${expected} (margin ${(first - second).toFixed(4)})`);
  });
  return { compared, total: sampled.length, problems };
}
