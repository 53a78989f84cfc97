// The YAML front matter of a spec file: the block between a first line `---` and the next line `---`.
import { parseDocument } from 'yaml';
import { problem, type Problem } from './problems.ts';

export const SPEC_LAYERS = ['conformance', 'core', 'distributed', 'storage', 'training', 'inference', 'security'] as const;
export const SPEC_STATUSES = ['draft', 'stable', 'deprecated'] as const;
const KNOWN_KEYS = ['id', 'title', 'layer', 'version', 'status', 'depends_on', 'profiles'];
const SPEC_ID = /^SPEC-\d{3}$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const PROFILE = /^[a-z][a-z0-9-]*$/;

export interface SpecFrontMatter {
  /** `SPEC-NNN`, or undefined when absent or malformed (a problem says which). */
  readonly id: string | undefined;
  readonly title: string;
  readonly layer: string;
  readonly version: string;
  readonly status: string;
  readonly dependsOn: readonly string[];
  readonly profiles: readonly string[];
}

export interface FrontMatterResult {
  /** Undefined when the file has no front matter block at all. */
  readonly frontMatter: SpecFrontMatter | undefined;
  /** 0-based index of the first line after the closing `---` (0 when there is no block). */
  readonly bodyStart: number;
  readonly problems: readonly Problem[];
}

/** Splits off and validates the front matter; `lines` are the file's lines, `file` names it in problems. */
export function parseFrontMatter(lines: readonly string[], file: string): FrontMatterResult {
  const problems: Problem[] = [];
  const close = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
  if (close < 0) {
    problems.push(problem(file, 1, 'spec.front-matter-missing', 'spec has no YAML front matter between `---` lines'));
    return { frontMatter: undefined, bodyStart: 0, problems };
  }
  const block = lines.slice(1, close);
  const doc = parseDocument(block.join('\n'));
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = (e.linePos?.[0].line ?? 0) + 1;
      problems.push(problem(file, line, 'spec.front-matter-yaml', `front matter is not valid YAML: ${e.message.split('\n')[0]}`));
    }
    return { frontMatter: undefined, bodyStart: close + 1, problems };
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push(problem(file, 1, 'spec.front-matter-yaml', 'front matter must be a YAML mapping'));
    return { frontMatter: undefined, bodyStart: close + 1, problems };
  }
  const fields = data as Record<string, unknown>;
  // Line of `key:` in the file (block starts on file line 2), so a problem points at the offending field.
  const lineOf = (key: string): number => {
    const i = block.findIndex((l) => l.startsWith(`${key}:`));
    return i < 0 ? 1 : i + 2;
  };
  const bad = (key: string, message: string): void => {
    problems.push(problem(file, lineOf(key), 'spec.front-matter-field', `front matter \`${key}\` ${message}`));
  };

  for (const key of Object.keys(fields).sort()) {
    if (!KNOWN_KEYS.includes(key)) bad(key, `is not a known field (known: ${KNOWN_KEYS.join(', ')})`);
  }
  const text = (key: string, check: (v: string) => boolean, expected: string): string => {
    const v = fields[key];
    if (typeof v === 'string' && check(v)) return v;
    bad(key, v === undefined ? `is missing (expected ${expected})` : `must be ${expected}`);
    return typeof v === 'string' ? v : '';
  };
  const list = (key: string, item: RegExp, expected: string, required: boolean): string[] => {
    const v = fields[key];
    if (v === undefined || v === null) {
      if (required) bad(key, `is missing (expected a list of ${expected})`);
      return [];
    }
    if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string' && item.test(x))) {
      bad(key, `must be a list of ${expected}`);
      return [];
    }
    if (required && v.length === 0) bad(key, `must name at least one of ${expected}`);
    if (new Set(v).size !== v.length) bad(key, 'lists an entry twice');
    return [...v];
  };

  const rawId = text('id', (v) => SPEC_ID.test(v), 'a spec id `SPEC-NNN`');
  const frontMatter: SpecFrontMatter = {
    id: SPEC_ID.test(rawId) ? rawId : undefined,
    title: text('title', (v) => v.trim().length > 0, 'a non-empty string'),
    layer: text('layer', (v) => (SPEC_LAYERS as readonly string[]).includes(v), `one of ${SPEC_LAYERS.join(', ')}`),
    // An unquoted `1.0` is a YAML number; quoting keeps versions textual and comparable.
    version: text('version', (v) => SEMVER.test(v), 'a semantic version string such as 0.1.0'),
    status: text('status', (v) => (SPEC_STATUSES as readonly string[]).includes(v), `one of ${SPEC_STATUSES.join(', ')}`),
    dependsOn: list('depends_on', SPEC_ID, 'spec ids `SPEC-NNN`', false),
    profiles: list('profiles', PROFILE, 'profile names such as `core`', true),
  };
  return { frontMatter, bodyStart: close + 1, problems };
}
