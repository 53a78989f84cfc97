// The byte tokenizer of the generation routes (SPEC-047): token id = UTF-8 byte, for models whose vocab holds all
// 256 byte values. Decoding replaces invalid sequences (a trailing incomplete one included) with U+FFFD, as the
// WHATWG UTF-8 decoder does; ids beyond 255 carry no text.

export const BYTE_VOCAB = 256;

export function encodeText(text: string): number[] {
  return Array.from(Buffer.from(text, 'utf8'));
}

export function decodeTokens(tokens: readonly number[]): string {
  const bytes = Uint8Array.from(tokens.filter((token) => token < BYTE_VOCAB));
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}
