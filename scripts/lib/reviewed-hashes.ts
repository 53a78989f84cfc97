// specs/reviewed.json: for each requirement, the hash of the text its scenarios were last reviewed against.
// A requirement whose text changes no longer matches, so the lint asks the author to re-review its scenarios.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareText, problem, type Problem } from './problems.ts';

export const REVIEWED_FILE = 'specs/reviewed.json';
export const REVIEWED_BANNER =
  'Requirement-text hashes whose scenarios have been reviewed. Updated by npm run specs:approve; do not edit by hand.';

const REQ_ID = /^REQ-\d{3}-\d{3}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export interface ReviewedLoad {
  /** Undefined when the file is missing or unreadable (a problem says which). */
  readonly hashes: ReadonlyMap<string, string> | undefined;
  readonly problems: readonly Problem[];
  /** 1-based line of each id's entry, for pointing problems at it. */
  readonly lineOf: (id: string) => number;
}

export function loadReviewed(root: string): ReviewedLoad {
  const abs = path.join(root, REVIEWED_FILE);
  if (!existsSync(abs)) {
    const message = `${REVIEWED_FILE} is missing: review the scenarios of every requirement, then run npm run specs:approve`;
    return { hashes: undefined, problems: [problem(REVIEWED_FILE, 1, 'reviewed.missing', message)], lineOf: () => 1 };
  }
  const source = readFileSync(abs, 'utf8');
  const lines = source.split('\n');
  const lineOf = (id: string): number => lines.findIndex((l) => l.includes(`"${id}"`)) + 1 || 1;
  const invalid = (message: string): ReviewedLoad => ({
    hashes: undefined,
    problems: [problem(REVIEWED_FILE, 1, 'reviewed.invalid', message)],
    lineOf,
  });
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    return invalid(`${REVIEWED_FILE} is not valid JSON: ${(error as Error).message}`);
  }
  const requirements = (data as { requirements?: unknown } | null)?.requirements;
  if (requirements === null || typeof requirements !== 'object' || Array.isArray(requirements)) {
    return invalid(`${REVIEWED_FILE} must be an object with a "requirements" object`);
  }
  const hashes = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [id, hash] of Object.entries(requirements)) {
    if (REQ_ID.test(id) && typeof hash === 'string' && SHA256.test(hash)) hashes.set(id, hash);
    else problems.push(problem(REVIEWED_FILE, lineOf(id), 'reviewed.invalid', `entry "${id}" must map REQ-NNN-MMM to a hex SHA-256`));
  }
  return { hashes, problems, lineOf };
}

/** Canonical text: banner, then ids in sorted order, two-space indent, trailing newline. */
export function serialiseReviewed(hashes: ReadonlyMap<string, string>): string {
  const requirements: Record<string, string> = {};
  for (const id of [...hashes.keys()].sort(compareText)) requirements[id] = hashes.get(id) ?? '';
  return `${JSON.stringify({ $comment: REVIEWED_BANNER, requirements }, null, 2)}\n`;
}
