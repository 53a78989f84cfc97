// Forward requests in the words scenarios use (SPEC-002 §3 options, SPEC-010 §4.6 fixture sequences), turned into
// request members. Pure: no runtime, no world.
import { HELLO_TEXT } from '../../fixtures/index.ts';
import { byteTokens, inputTokens, type ForwardDescriptor } from '../../oracle/index.ts';

/** Options of a forward request (SPEC-002 §3); absent members are absent from the body. */
export interface ForwardOptions {
  readonly trace?: boolean;
  readonly logits?: boolean;
  readonly deadlineMs?: number;
}

/**
 * Options in words: "no options", or a comma-separated list of `trace`, `logits` and `deadlineMs N`
 * ("trace, logits, deadlineMs 600000"); "and" may join the last two.
 */
export function parseForwardOptions(text: string): ForwardOptions {
  const options: { trace?: boolean; logits?: boolean; deadlineMs?: number } = {};
  if (text.trim() === 'no options') return options;
  for (const part of text.split(/,|\band\b/).map((p) => p.trim()).filter((p) => p.length > 0)) {
    const deadline = /^deadlineMs (\d+)$/.exec(part);
    if (part === 'trace') options.trace = true;
    else if (part === 'logits') options.logits = true;
    else if (deadline !== null) options.deadlineMs = Number(deadline[1]);
    else throw new Error(`unknown forward option "${part}" (known: trace, logits, deadlineMs N, no options)`);
  }
  return options;
}

/**
 * One sequence in words, for a model's vocabulary and seed: `hello` (the bytes of "Hello, world"), `<v>:<n>` (the
 * first n tokens of fixture sequence v, SPEC-010 §4.6), `ramp:<n>` (tokens 0, 1, ..., n - 1 modulo vocab) or
 * `max` (fixture sequence 0 at the model's maxSeq).
 */
export function sequenceFromWords(words: string, d: ForwardDescriptor): number[] {
  const text = words.trim();
  if (text === 'hello') return byteTokens(HELLO_TEXT);
  if (text === 'max') return inputTokens(d.seed, 0, d.maxSeq, d.vocab);
  const ramp = /^ramp:(\d+)$/.exec(text);
  if (ramp !== null) return Array.from({ length: Number(ramp[1]) }, (_, i) => i % d.vocab);
  const fixture = /^(\d+):(\d+)$/.exec(text);
  if (fixture !== null) return inputTokens(d.seed, Number(fixture[1]), Number(fixture[2]), d.vocab);
  throw new Error(`"${text}" names no sequence (hello, max, <v>:<n> or ramp:<n>)`);
}

