// A strict RFC 8259 JSON parser that rejects duplicate object keys and deep nesting.
// JSON.parse silently keeps the last of two equal keys; a safetensors header with two entries for one tensor name
// would then describe different bytes to different readers, so the shard reader must refuse it.

export class StrictJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrictJsonError';
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// A string token: no raw control characters, only the escapes JSON allows.
// eslint-disable-next-line no-control-regex -- excluding control characters is the point of this pattern
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

export interface StrictJsonOptions {
  maxDepth?: number;
}

export function parseStrictJson(text: string, options: StrictJsonOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? 64;
  let pos = 0;

  const fail = (what: string): never => {
    throw new StrictJsonError(`${what} at offset ${pos}`);
  };
  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const readToken = (pattern: RegExp, what: string): string => {
    pattern.lastIndex = pos;
    const match = pattern.exec(text);
    if (match === null) return fail(`invalid ${what}`);
    pos = pattern.lastIndex;
    return match[0];
  };
  const readLiteral = (word: string, value: unknown): unknown => {
    if (!text.startsWith(word, pos)) return fail('unexpected token');
    pos += word.length;
    return value;
  };

  const readValue = (depth: number): unknown => {
    if (depth > maxDepth) fail('nesting too deep');
    skipWhitespace();
    const ch = text[pos];
    if (ch === '{') return readObject(depth);
    if (ch === '[') return readArray(depth);
    if (ch === '"') return JSON.parse(readToken(STRING, 'string')) as string;
    if (ch === 't') return readLiteral('true', true);
    if (ch === 'f') return readLiteral('false', false);
    if (ch === 'n') return readLiteral('null', null);
    return Number(readToken(NUMBER, 'number'));
  };

  const readObject = (depth: number): Record<string, unknown> => {
    pos++;
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    skipWhitespace();
    if (text[pos] === '}') {
      pos++;
      return result;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') fail('expected object key');
      const key = JSON.parse(readToken(STRING, 'string')) as string;
      if (seen.has(key)) fail(`duplicate key ${JSON.stringify(key)}`);
      seen.add(key);
      skipWhitespace();
      if (text[pos] !== ':') fail("expected ':'");
      pos++;
      // defineProperty, not assignment, so that a key such as "__proto__" stays plain data.
      Object.defineProperty(result, key, { value: readValue(depth + 1), enumerable: true, writable: true, configurable: true });
      skipWhitespace();
      const next = text[pos++];
      if (next === '}') return result;
      if (next !== ',') fail("expected ',' or '}'");
    }
  };

  const readArray = (depth: number): unknown[] => {
    pos++;
    const result: unknown[] = [];
    skipWhitespace();
    if (text[pos] === ']') {
      pos++;
      return result;
    }
    for (;;) {
      result.push(readValue(depth + 1));
      skipWhitespace();
      const next = text[pos++];
      if (next === ']') return result;
      if (next !== ',') fail("expected ',' or ']'");
    }
  };

  const value = readValue(0);
  skipWhitespace();
  if (pos !== text.length) fail('trailing characters');
  return value;
}
