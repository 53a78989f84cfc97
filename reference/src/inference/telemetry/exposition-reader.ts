// Reads Prometheus text format 0.0.4 back into families, strictly: the runtime's tests parse their own exposition
// with it (a round trip), and scripts use it to read counters. Any line it cannot account for is an error.

import { LABEL_NAME, METRIC_NAME } from './metrics-registry.ts';

export interface ReadSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ReadFamily {
  name: string;
  help: string | null;
  type: string | null;
  samples: ReadSample[];
}

const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES = ['_bucket', '_sum', '_count'];

function parseValue(text: string, where: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`${where}: "${text}" is not a number`);
  return Number(text);
}

/** Reads `{a="x",b="y"}` starting at `text[0] === '{'`; returns the labels and the rest of the line. */
function parseLabels(text: string, where: string): [Record<string, string>, string] {
  const labels: Record<string, string> = {};
  let i = 1;
  while (text[i] !== '}') {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0];
    if (name === undefined || !LABEL_NAME.test(name)) throw new Error(`${where}: bad label name`);
    if (name in labels) throw new Error(`${where}: label ${name} repeated`);
    i += name.length;
    if (text.slice(i, i + 2) !== '="') throw new Error(`${where}: expected =" after ${name}`);
    i += 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error(`${where}: unterminated label value`);
      i += 1;
      if (c === '"') break;
      if (c !== '\\') {
        value += c;
        continue;
      }
      const escaped = text[i];
      i += 1;
      if (escaped === '\\') value += '\\';
      else if (escaped === '"') value += '"';
      else if (escaped === 'n') value += '\n';
      else throw new Error(`${where}: invalid escape \\${escaped ?? ''}`);
    }
    labels[name] = value;
    if (text[i] === ',') i += 1;
    else if (text[i] !== '}') throw new Error(`${where}: expected , or } after label ${name}`);
  }
  return [labels, text.slice(i + 1)];
}

function familyOf(name: string, families: Map<string, ReadFamily>): string {
  for (const suffix of SUFFIXES) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && families.get(base)?.type === 'histogram') return base;
  }
  return name;
}

/** Parses an exposition; throws with the line number on the first problem. */
export function readExposition(text: string): Map<string, ReadFamily> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, ReadFamily>();
  const closed = new Set<string>();
  let current: string | null = null;
  const enter = (name: string, where: string): ReadFamily => {
    if (current !== name) {
      if (closed.has(name)) throw new Error(`${where}: family ${name} is not contiguous`);
      if (current !== null) closed.add(current);
      current = name;
    }
    let family = families.get(name);
    if (family === undefined) {
      family = { name, help: null, type: null, samples: [] };
      families.set(name, family);
    }
    return family;
  };
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    const meta = /^# (HELP|TYPE) ([^ ]+) ?(.*)$/.exec(line);
    if (meta !== null) {
      const [, kind, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name ${name}`);
      const family = enter(name, where);
      if (family.samples.length > 0) throw new Error(`${where}: ${kind} of ${name} after its samples`);
      if (kind === 'HELP') {
        if (family.help !== null) throw new Error(`${where}: second HELP for ${name}`);
        family.help = rest.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
      } else {
        if (family.type !== null) throw new Error(`${where}: second TYPE for ${name}`);
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${rest}`);
        family.type = rest;
      }
      return;
    }
    if (line.startsWith('#') || line.trim() === '') return;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (name === undefined) throw new Error(`${where}: no metric name`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) [labels, rest] = parseLabels(rest, where);
    const fields = rest.trim().split(/ +/);
    if (!rest.startsWith(' ') || fields.length < 1 || fields.length > 2) throw new Error(`${where}: expected a value and an optional timestamp`);
    const family = enter(familyOf(name, families), where);
    family.samples.push({ name, labels, value: parseValue(fields[0] ?? '', where) });
  });
  return families;
}

/** The value of the sample `name` whose labels equal `labels` exactly, or undefined. */
export function sampleValue(families: Map<string, ReadFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && JSON.stringify(Object.entries(sample.labels).sort()) === want) return sample.value;
    }
  }
  return undefined;
}
