/**
 * Escaping for XML 1.0 output (W3C XML 1.0 §2.2 Char, §2.4 character data, §3.3.3 attribute-value normalisation).
 */

// Characters XML 1.0 cannot carry at all, even escaped (C0 controls except tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF); replaced with U+FFFD so that an error message holding binary junk still yields a valid document.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function toXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD');
}

/** Escapes character data; CR is written as a reference because a parser would otherwise fold it into LF. */
export function escapeXmlText(text: string): string {
  return toXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/**
 * Escapes a double-quoted attribute value. Tab, LF and CR become references because attribute-value
 * normalisation would otherwise turn them into spaces.
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

/** Renders `name="value"` pairs in the given order. */
export function xmlAttributes(attributes: readonly (readonly [string, string | number])[]): string {
  return attributes.map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`).join('');
}
