// Parser for specs/NNN-name.md: front matter plus one `#### REQ-NNN-MMM` heading per requirement, each followed by
// a blockquote holding exactly one bold RFC 2119 keyword and a `Verification: endpoint|attestation` line.
// Malformed input never throws: every defect is returned as a Problem beside whatever could be parsed.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseFrontMatter, type SpecFrontMatter } from './spec-front-matter.ts';
import { problem, type Problem } from './problems.ts';

export const REQUIREMENT_LEVELS = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'] as const;
export type RequirementLevel = (typeof REQUIREMENT_LEVELS)[number];
export const VERIFICATIONS = ['endpoint', 'attestation'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

export interface ParsedRequirement {
  readonly id: string;
  /** Undefined when the text has zero or several keywords (a problem says which). */
  readonly level: RequirementLevel | undefined;
  /** Blockquote markers stripped, whitespace runs collapsed to one space, trimmed. */
  readonly text: string;
  /** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
  readonly sha256: string;
  readonly verification: Verification | undefined;
  readonly retired: boolean;
  /** 1-based line of the heading. */
  readonly line: number;
}

export interface ParsedSpec extends Omit<SpecFrontMatter, 'id'> {
  /** Repository-relative path, as given to the parser. */
  readonly file: string;
  /** `SPEC-NNN` from the front matter, else from the file name, else ''. */
  readonly id: string;
  readonly requirements: readonly ParsedRequirement[];
  readonly problems: readonly Problem[];
}

const FILE_NAME = /^(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*$/;
const REQUIREMENT_HEADING = /^REQ-(\d{3})-(\d{3})(\s+\(retired\))?$/;
const KEYWORD = /\*\*(MUST NOT|MUST|SHOULD NOT|SHOULD|MAY)\*\*/g;
// RFC 2119 words this corpus does not use; flagged so a requirement never hides its strength behind a synonym.
const OTHER_KEYWORD = /\*\*(SHALL NOT|SHALL|REQUIRED|RECOMMENDED|NOT RECOMMENDED|OPTIONAL)\*\*/g;
const VERIFICATION_LINE = /^Verification:\s*(\S+?)[.,;]?(?:\s|$)/;
const FENCE = /^\s*(```|~~~)/;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `> a\n>  b` → `a b`: the form whose hash is recorded, so re-wrapping a paragraph does not change it. */
export function normaliseRequirementText(quoteLines: readonly string[]): string {
  return quoteLines
    .map((l) => l.replace(/^\s*>\s?/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseSpec(source: string, file: string): ParsedSpec {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fm = parseFrontMatter(lines, file);
  const problems: Problem[] = [...fm.problems];

  const fileMatch = FILE_NAME.exec(path.basename(file));
  if (!fileMatch) {
    problems.push(problem(file, 1, 'spec.file-name', 'spec file name must be `NNN-lower-case-name.md`'));
  }
  const fileId = fileMatch ? `SPEC-${fileMatch[1]}` : undefined;
  const fmId = fm.frontMatter?.id;
  if (fmId !== undefined && fileId !== undefined && fmId !== fileId) {
    problems.push(problem(file, 2, 'spec.id-mismatch', `front matter id ${fmId} does not match file name (expected ${fileId})`));
  }
  const id = fmId ?? fileId ?? '';
  const requirements = parseRequirements(lines, fm.bodyStart, file, id.slice('SPEC-'.length), problems);

  return {
    file,
    id,
    title: fm.frontMatter?.title ?? '',
    layer: fm.frontMatter?.layer ?? '',
    version: fm.frontMatter?.version ?? '',
    status: fm.frontMatter?.status ?? '',
    dependsOn: fm.frontMatter?.dependsOn ?? [],
    profiles: fm.frontMatter?.profiles ?? [],
    requirements,
    problems,
  };
}

interface HeadingAt {
  readonly index: number;
  readonly text: string;
  readonly hashes: number;
}

/** Headings outside fenced code blocks, so examples quoted in a spec are not taken for requirements. */
function findHeadings(lines: readonly string[], start: number): HeadingAt[] {
  const headings: HeadingAt[] = [];
  let fenced = false;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (FENCE.test(line)) fenced = !fenced;
    const m = fenced ? null : HEADING.exec(line);
    if (m) headings.push({ index: i, text: m[2] ?? '', hashes: (m[1] ?? '').length });
  }
  return headings;
}

function parseRequirements(
  lines: readonly string[],
  bodyStart: number,
  file: string,
  specNumber: string,
  problems: Problem[],
): ParsedRequirement[] {
  const requirements: ParsedRequirement[] = [];
  const seen = new Map<string, number>();
  const headings = findHeadings(lines, bodyStart);
  headings.forEach((h, k) => {
    if (!/^REQ\b/.test(h.text)) return;
    const lineNo = h.index + 1;
    const m = REQUIREMENT_HEADING.exec(h.text);
    if (!m || h.hashes !== 4) {
      problems.push(
        problem(file, lineNo, 'spec.requirement-heading', 'requirement heading must be `#### REQ-NNN-MMM` or `#### REQ-NNN-MMM (retired)`'),
      );
      return;
    }
    const reqId = `REQ-${m[1]}-${m[2]}`;
    const firstLine = seen.get(reqId);
    if (firstLine !== undefined) {
      problems.push(problem(file, lineNo, 'spec.requirement-duplicate', `${reqId} is already defined at line ${firstLine}`));
      return;
    }
    seen.set(reqId, lineNo);
    if (m[1] !== specNumber) {
      const expected = specNumber === '' ? 'the spec number' : `REQ-${specNumber}-…`;
      problems.push(problem(file, lineNo, 'spec.requirement-id-mismatch', `${reqId} does not belong to this spec (expected ${expected})`));
    }
    const end = headings[k + 1]?.index ?? lines.length;
    requirements.push(parseBody(lines.slice(h.index + 1, end), reqId, m[3] !== undefined, lineNo, file, problems));
  });
  return requirements;
}

function parseBody(
  body: readonly string[],
  id: string,
  retired: boolean,
  line: number,
  file: string,
  problems: Problem[],
): ParsedRequirement {
  let i = 0;
  while (i < body.length && (body[i] ?? '').trim() === '') i++;
  const quote: string[] = [];
  while (i < body.length && /^\s*>/.test(body[i] ?? '')) quote.push(body[i++] ?? '');
  const text = normaliseRequirementText(quote);
  if (text === '') {
    problems.push(problem(file, line, 'spec.requirement-text-missing', `${id} must be followed by a \`>\` blockquote holding its text`));
  }

  const keywords = [...text.matchAll(KEYWORD)].map((k) => k[1] as RequirementLevel);
  const others = [...text.matchAll(OTHER_KEYWORD)].map((k) => k[1] ?? '');
  let level: RequirementLevel | undefined;
  if (others.length > 0) {
    problems.push(problem(file, line, 'spec.keyword-unsupported', `${id} uses ${others.join(', ')}; use MUST, MUST NOT, SHOULD, SHOULD NOT or MAY`));
  } else if (keywords.length === 1) {
    level = keywords[0];
  } else if (text !== '') {
    const found = keywords.length === 0 ? 'none' : keywords.join(', ');
    problems.push(problem(file, line, 'spec.keyword-count', `${id} must contain exactly one bold keyword (found ${found})`));
  }

  let verification: Verification | undefined;
  const vIndex = body.findIndex((l, j) => j >= i && l.trimStart().startsWith('Verification:'));
  const vLine = vIndex < 0 ? undefined : body[vIndex]?.trimStart();
  if (vLine === undefined) {
    problems.push(problem(file, line, 'spec.verification-missing', `${id} has no \`Verification: endpoint|attestation\` line`));
  } else {
    const value = VERIFICATION_LINE.exec(vLine)?.[1] ?? '';
    if ((VERIFICATIONS as readonly string[]).includes(value)) {
      verification = value as Verification;
    } else {
      problems.push(problem(file, line + 1 + vIndex, 'spec.verification-invalid', `${id} verification must be endpoint or attestation`));
    }
  }
  return { id, level, text, sha256: sha256Hex(text), verification, retired, line };
}
