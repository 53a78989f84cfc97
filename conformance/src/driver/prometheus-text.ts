// A strict reader of the Prometheus text exposition format 0.0.4, as SPEC-049 §4.2 restricts it: every family has
// exactly one `# HELP` and one `# TYPE` line before its samples, a family's lines are contiguous, names and label
// names match the format's patterns, label values use only the escapes \\ \" \n, counters end in `_total`, and a
// histogram series has ascending `le` buckets ending at +Inf, cumulative counts, `_sum` and `_count` = the +Inf bucket.
// It returns the problems it found (an empty list for a valid exposition) beside whatever it could read.

export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  help: string | null;
  type: FamilyType | null;
  readonly samples: Sample[];
}

export interface Exposition {
  readonly families: ReadonlyMap<string, Family>;
  readonly problems: readonly string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const FLOAT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const FAMILY_TYPES: readonly string[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

function readNumber(text: string): number | null {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  return FLOAT.test(text) ? Number(text) : null;
}

/** Splits `name{labels} value [timestamp]`; returns a problem text instead when the line is malformed. */
function readSampleLine(line: string): Sample | string {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
  if (name === undefined) return 'a sample line must start with a metric name';
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at += 1;
    while (line[at] !== '}') {
      const label = /^[^=]*/.exec(line.slice(at))?.[0] ?? '';
      if (!LABEL_NAME.test(label) || label.startsWith('__')) return `bad label name "${label}"`;
      if (Object.hasOwn(labels, label)) return `label "${label}" appears twice`;
      at += label.length;
      if (line.slice(at, at + 2) !== '="') return `label "${label}" is not followed by ="`;
      at += 2;
      let value = '';
      for (;;) {
        const c = line[at];
        if (c === undefined) return `the value of label "${label}" is not terminated`;
        at += 1;
        if (c === '"') break;
        if (c === '\\') {
          const next = line[at];
          at += 1;
          if (next === '\\') value += '\\';
          else if (next === '"') value += '"';
          else if (next === 'n') value += '\n';
          else return `label "${label}" uses the escape \\${next ?? ''}, which the format does not define`;
        } else value += c;
      }
      labels[label] = value;
      if (line[at] === ',') at += 1;
      else if (line[at] !== '}') return `expected "," or "}" after label "${label}"`;
    }
    at += 1;
  }
  const rest = line.slice(at);
  const fields = rest.split(' ').filter((f) => f !== '');
  if (!rest.startsWith(' ') || fields.length < 1 || fields.length > 2) return 'expected one space, a value and at most a timestamp';
  const value = readNumber(fields[0] ?? '');
  if (value === null) return `"${fields[0] ?? ''}" is not a sample value`;
  if (fields[1] !== undefined && !/^-?[0-9]+$/.test(fields[1])) return `"${fields[1]}" is not a timestamp`;
  return { name, labels, value };
}

/** The family a sample name belongs to: histogram samples carry a suffix on their family's name. */
function familyName(sample: string, families: ReadonlyMap<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const base = sample.slice(0, -suffix.length);
    if (families.get(base)?.type === 'histogram') return base;
  }
  return sample;
}

function seriesKey(labels: Readonly<Record<string, string>>, without?: string): string {
  return JSON.stringify(Object.entries(labels).filter(([k]) => k !== without).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function checkHistogram(family: Family, problems: string[]): void {
  const series = new Map<string, { buckets: [number, number][]; sum: number | null; count: number | null }>();
  const entry = (key: string) => {
    let found = series.get(key);
    if (found === undefined) series.set(key, (found = { buckets: [], sum: null, count: null }));
    return found;
  };
  for (const sample of family.samples) {
    const suffix = sample.name.slice(family.name.length);
    if (suffix === '_bucket') {
      const le = sample.labels.le;
      const bound = le === undefined ? null : readNumber(le);
      if (bound === null || Number.isNaN(bound)) problems.push(`${family.name}: a bucket without a numeric le label`);
      else entry(seriesKey(sample.labels, 'le')).buckets.push([bound, sample.value]);
    } else if (suffix === '_sum') entry(seriesKey(sample.labels)).sum = sample.value;
    else if (suffix === '_count') entry(seriesKey(sample.labels)).count = sample.value;
    else problems.push(`${family.name}: histogram sample ${sample.name} is neither _bucket, _sum nor _count`);
  }
  for (const [key, s] of series) {
    const where = `${family.name}${key}`;
    const last = s.buckets[s.buckets.length - 1];
    if (last === undefined || last[0] !== Number.POSITIVE_INFINITY) problems.push(`${where}: the last bucket is not le="+Inf"`);
    for (let i = 1; i < s.buckets.length; i += 1) {
      const [bound, count] = s.buckets[i]!;
      const [previousBound, previousCount] = s.buckets[i - 1]!;
      if (!(bound > previousBound)) problems.push(`${where}: bucket bounds are not strictly ascending at le=${bound}`);
      if (count < previousCount) problems.push(`${where}: bucket counts are not cumulative at le=${bound} (${count} < ${previousCount})`);
    }
    if (s.sum === null) problems.push(`${where}: no _sum sample`);
    if (s.count === null) problems.push(`${where}: no _count sample`);
    else if (last !== undefined && last[1] !== s.count) problems.push(`${where}: _count ${s.count} differs from the +Inf bucket ${last[1]}`);
  }
}

/** Reads an exposition; `problems` lists every way it departs from the format (empty when it is valid). */
export function parsePrometheusText(text: string): Exposition {
  const problems: string[] = [];
  const families = new Map<string, Family>();
  const finished = new Set<string>();
  const seen = new Set<string>();
  let open: string | null = null;
  const familyFor = (name: string, lineNo: number): Family => {
    if (open !== name) {
      if (finished.has(name)) problems.push(`line ${lineNo}: the lines of ${name} are not contiguous`);
      if (open !== null) finished.add(open);
      open = name;
    }
    let family = families.get(name);
    if (family === undefined) families.set(name, (family = { name, help: null, type: null, samples: [] }));
    return family;
  };
  if (text.length > 0 && !text.endsWith('\n')) problems.push('the last line does not end with a line feed');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (meta === null) return; // a plain comment
      const [, kind, name = '', argument = ''] = meta;
      if (!METRIC_NAME.test(name)) problems.push(`line ${lineNo}: "${name}" is not a metric name`);
      const family = familyFor(name, lineNo);
      if (family.samples.length > 0) problems.push(`line ${lineNo}: # ${kind} ${name} comes after its samples`);
      if (kind === 'HELP') {
        if (family.help !== null) problems.push(`line ${lineNo}: a second # HELP for ${name}`);
        if (/\\[^\\n]/.test(argument.replace(/\\\\/g, ''))) problems.push(`line ${lineNo}: HELP of ${name} uses an undefined escape`);
        family.help = argument.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
      } else {
        if (family.type !== null) problems.push(`line ${lineNo}: a second # TYPE for ${name}`);
        if (!FAMILY_TYPES.includes(argument)) problems.push(`line ${lineNo}: "${argument}" is not a metric type`);
        else family.type = argument as FamilyType;
      }
      return;
    }
    if (line === '') {
      problems.push(`line ${lineNo}: an empty line`);
      return;
    }
    const sample = readSampleLine(line);
    if (typeof sample === 'string') {
      problems.push(`line ${lineNo}: ${sample}`);
      return;
    }
    const key = sample.name + seriesKey(sample.labels);
    if (seen.has(key)) problems.push(`line ${lineNo}: the series ${key} appears twice`);
    seen.add(key);
    familyFor(familyName(sample.name, families), lineNo).samples.push(sample);
  });
  for (const family of families.values()) {
    if (family.help === null) problems.push(`${family.name} has no # HELP line`);
    if (family.type === null) problems.push(`${family.name} has no # TYPE line`);
    if (family.type === 'counter' && !family.name.endsWith('_total')) problems.push(`counter ${family.name} does not end in _total`);
    if (family.type === 'counter' && family.samples.some((s) => s.name !== family.name)) problems.push(`counter ${family.name} has samples of another name`);
    if (family.type === 'histogram') checkHistogram(family, problems);
  }
  return { families, problems };
}

/** The value of sample `name` with exactly `labels`, or undefined when the exposition has no such series. */
export function valueOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const key = seriesKey(labels);
  for (const family of exposition.families.values()) {
    for (const sample of family.samples) if (sample.name === name && seriesKey(sample.labels) === key) return sample.value;
  }
  return undefined;
}
