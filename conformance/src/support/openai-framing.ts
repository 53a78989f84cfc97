// The harness's own reading of SPEC-047 §4.8 (OpenAI framing): how an OpenAI request becomes a native generation
// request (UTF-8 bytes as tokens, the chat template), and how a streamed OpenAI answer is read back into text.
// Plain code, independent of any runtime: expected values are built here and compared with what the runtime says.

/** The OpenAI request members SPEC-047 §4.8 maps onto a native generation. */
export interface OpenAiMembers {
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  stop?: string | string[];
  stream?: boolean;
  n?: number;
}

export interface ChatMessage {
  readonly role: string;
  readonly content: string;
}

export function utf8Bytes(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

/** SPEC-047 §4.8: `<role>: <content>\n` for each message in order, then `assistant: `. */
export function chatTemplate(messages: readonly ChatMessage[]): string {
  let text = '';
  for (const message of messages) text += `${message.role}: ${message.content}\n`;
  return `${text}assistant: `;
}

/** The POST /v1/generate body of the same generation: prompt tokens plus the mapped members, never streamed. */
export function nativeRequest(model: string, prompt: readonly number[], members: OpenAiMembers): Record<string, unknown> {
  const body: Record<string, unknown> = { model, prompt: [...prompt] };
  if (members.max_tokens !== undefined) body.maxTokens = members.max_tokens;
  if (members.temperature !== undefined) body.temperature = members.temperature;
  if (members.top_p !== undefined) body.topP = members.top_p;
  if (members.seed !== undefined) body.seed = String(members.seed);
  if (members.stop !== undefined) body.stop = (typeof members.stop === 'string' ? [members.stop] : members.stop).map(utf8Bytes);
  return body;
}

/** What a streamed OpenAI answer amounts to, read from its `data:` lines. */
export interface ReadStream {
  /** Parsed chunk objects, in order (the `[DONE]` line excluded). */
  readonly chunks: Record<string, unknown>[];
  /** Concatenated `text` (completions) or `delta.content` (chat) of every chunk's choice. */
  readonly text: string;
  /** The finish_reason of the last chunk before [DONE] that has a choice; null when it has none. */
  readonly lastFinishReason: string | null;
  /** Whether the last data line is exactly `[DONE]`. */
  readonly endsWithDone: boolean;
  /** Framing problems: a data line after [DONE], a data line that is not JSON, an event field. */
  readonly problems: string[];
}

interface ChunkChoice {
  text?: string;
  delta?: { content?: string; role?: string };
  finish_reason?: string | null;
}

function choiceOf(chunk: Record<string, unknown>): ChunkChoice | undefined {
  const choices = chunk.choices;
  return Array.isArray(choices) ? (choices[0] as ChunkChoice | undefined) : undefined;
}

/** Reads the data of a stream's events (each an SSE event whose data is one chunk, or `[DONE]`). */
export function readOpenAiStream(events: readonly { readonly event: string; readonly data: string }[]): ReadStream {
  const chunks: Record<string, unknown>[] = [];
  const problems: string[] = [];
  let doneAt = -1;
  events.forEach((event, i) => {
    if (event.event !== 'message') problems.push(`event ${i} has an event field "${event.event}"`);
    if (doneAt >= 0) problems.push(`event ${i} follows [DONE]`);
    if (event.data === '[DONE]') {
      doneAt = i;
      return;
    }
    try {
      chunks.push(JSON.parse(event.data) as Record<string, unknown>);
    } catch {
      problems.push(`event ${i} is neither JSON nor [DONE]: ${event.data.slice(0, 80)}`);
    }
  });
  let text = '';
  for (const chunk of chunks) {
    const choice = choiceOf(chunk);
    text += choice?.text ?? choice?.delta?.content ?? '';
  }
  const withChoice = chunks.filter((chunk) => choiceOf(chunk) !== undefined);
  const last = withChoice.at(-1);
  return {
    chunks,
    text,
    lastFinishReason: last === undefined ? null : (choiceOf(last)?.finish_reason ?? null),
    endsWithDone: events.length > 0 && events.at(-1)!.data === '[DONE]',
    problems,
  };
}
