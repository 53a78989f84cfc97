/** Text helpers shared by the report builder and its renderers. */

/** Largest error text a report keeps, in UTF-8 bytes. */
export const MAX_ERROR_BYTES = 2048;

const ELLIPSIS = '…';

/**
 * Cuts `text` so that its UTF-8 encoding is at most `maxBytes`, never splitting a code point; a cut text ends with
 * an ellipsis (counted within the limit) so a reader sees it was shortened.
 */
export function trimUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(ELLIPSIS, 'utf8');
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > budget) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end) + ELLIPSIS;
}

/** First non-empty line of a message, for one-line displays. */
export function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}
