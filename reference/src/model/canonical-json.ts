// Canonical JSON (RFC 8785, JCS) for plain JSON values: object members sorted by the UTF-16 code units of their
// names, no whitespace, numbers and strings as ECMAScript's JSON serialisation writes them (which JCS adopts).
// SPEC-001 §4.5 digests the builtin model's descriptor in this form.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no non-finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  // Default string ordering compares UTF-16 code units, exactly the JCS member order.
  const names = Object.keys(value).filter((name) => (value as Record<string, unknown>)[name] !== undefined).sort();
  return `{${names.map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`).join(',')}}`;
}
