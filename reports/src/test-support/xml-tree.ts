/**
 * A deliberately small, strict XML 1.0 reader for tests: elements, attributes, text, the XML declaration and the
 * five predefined entities plus character references. It rejects anything it does not understand, so a renderer
 * bug (an unescaped '<', '&' or quote, a mismatched tag) fails the test instead of passing silently.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_.:-]*';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (/[<]/.test(raw)) throw new Error(`unescaped '<' near offset ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Error(`unterminated reference near offset ${where}`);
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    const value = ENTITIES[body];
    if (value === undefined) throw new Error(`unknown entity &${body}; near offset ${where}`);
    return value;
  });
}

/** Attribute values undergo normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space. */
function decodeAttribute(raw: string, where: number): string {
  return decode(raw.replace(/[\t\n\r]/g, ' '), where);
}

export function parseXml(xml: string): XmlElement {
  let position = 0;
  const declaration = /^<\?xml [^?]*\?>\s*/.exec(xml);
  if (declaration) position = declaration[0].length;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"]*")*)\\s*(/?)>`, 'y');
  const attribute = new RegExp(`(${NAME})\\s*=\\s*"([^"]*)"`, 'g');
  while (position < xml.length) {
    const next = xml.indexOf('<', position);
    const textEnd = next === -1 ? xml.length : next;
    const current = stack[stack.length - 1];
    if (current === undefined) throw new Error('content after the root element');
    const text = xml.slice(position, textEnd);
    if (text.includes(']]>')) throw new Error(`']]>' in character data at offset ${position}`);
    current.text += decode(text, position);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(xml);
    if (!match) throw new Error(`malformed tag at offset ${next}: ${xml.slice(next, next + 40)}`);
    const [whole, closing, name = '', attributeText = '', selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}> at offset ${next}`);
    } else {
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      for (const [, key = '', value = ''] of attributeText.matchAll(attribute)) {
        if (key in element.attributes) throw new Error(`duplicate attribute ${key} at offset ${next}`);
        element.attributes[key] = decodeAttribute(value, next);
      }
      current.children.push(element);
      if (!selfClosing) stack.push(element);
    }
    position = next + whole.length;
  }
  if (stack.length !== 1) throw new Error(`unclosed element <${stack[stack.length - 1]?.name ?? ''}>`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('a document has exactly one root element');
  const [documentElement] = root.children;
  if (documentElement === undefined) throw new Error('no root element');
  return documentElement;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}
