// Where two JSON values first differ, as a short path and the two values found there. Large results (logits of
// every token, traces of every layer) are compared bit for bit; a generic deep-equality diff of such values is both
// unreadable and slow, so a failing comparison names the first differing member instead.

import { AssertionError } from 'node:assert';

const MAX_SHOWN = 120;

function shown(value: unknown): string {
  const text = value === undefined ? 'undefined' : Object.is(value, -0) ? '-0' : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * The first difference between `actual` and `expected` in document order, or null when they are equal as JSON values
 * (numbers compared with Object.is, so -0 and +0 differ, as their binary64 bits do).
 */
export function firstDifference(actual: unknown, expected: unknown, path = '$'): string | null {
  if (kind(actual) !== kind(expected)) return `${path}: ${shown(actual)}, expected ${shown(expected)}`;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    for (let i = 0; i < Math.min(actual.length, expected.length); i += 1) {
      const found = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return actual.length === expected.length ? null : `${path}: ${actual.length} elements, expected ${expected.length}`;
  }
  if (typeof actual === 'object' && actual !== null) {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])];
    for (const key of keys) {
      if (!(key in a)) return `${path}.${key}: missing, expected ${shown(e[key])}`;
      if (!(key in e)) return `${path}.${key}: ${shown(a[key])}, not expected`;
      const found = firstDifference(a[key], e[key], `${path}.${key}`);
      if (found !== null) return found;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${path}: ${shown(actual)}, expected ${shown(expected)}`;
}

/** Throws an assertion error naming the first difference, when there is one. */
export function assertSameJson(actual: unknown, expected: unknown, what: string): void {
  const difference = firstDifference(actual, expected);
  if (difference !== null) throw new AssertionError({ message: `${what}: ${difference}`, actual: difference, expected: null, operator: 'firstDifference' });
}
