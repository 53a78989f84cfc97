/**
 * Reads a Cucumber Messages NDJSON stream (one Envelope per line, as cucumber-js's `message` formatter writes it).
 */
import { readFile } from 'node:fs/promises';
import type { Envelope } from '@cucumber/messages';
import { inputInvalid } from './report-error.ts';

export interface MessageStream {
  envelopes: Envelope[];
  /**
   * True when the last line had no terminating newline and did not parse: the writer stopped mid-line (a crashed
   * run). The partial line is dropped; the report then marks the run incomplete instead of refusing to build.
   */
  truncated: boolean;
}

export function parseMessages(text: string): MessageStream {
  const lines = text.split('\n');
  const envelopes: Envelope[] = [];
  const problems: string[] = [];
  let truncated = false;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const isUnterminatedLast = index === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (isUnterminatedLast) {
        truncated = true;
        return;
      }
      problems.push(`line ${index + 1}: not JSON (${(error as Error).message})`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`line ${index + 1}: not a message envelope object`);
      return;
    }
    // Every Envelope field is optional: any object is an envelope, and unknown message types are ignored.
    envelopes.push(value);
  });
  if (problems.length > 0) throw inputInvalid('Cucumber Messages stream is malformed', problems.slice(0, 20));
  return { envelopes, truncated };
}

export async function readMessagesFile(path: string): Promise<MessageStream> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw inputInvalid(`cannot read Cucumber Messages file ${path}`, [], error);
  }
  return parseMessages(text);
}
