/**
 * Reads specs/requirements.json. The index is generated from the specs by another tool whose output may grow new
 * fields, so this reader accepts the shapes that tool may reasonably produce (a bare array or an object with a
 * `requirements` array; `profiles` or a single `profile`; `retired` as a flag or a status) and reports every
 * entry it cannot use, all at once.
 */
import { readFile } from 'node:fs/promises';
import type { RequirementLevel } from './report-types.ts';
import { inputInvalid } from './report-error.ts';

export interface RequirementEntry {
  id: string;
  spec: string;
  level: RequirementLevel;
  profiles: string[];
  verification: string | null;
  retired: boolean;
}

const REQUIREMENT_ID = /^REQ-([0-9]{3})-[0-9]{3}$/;
const SPEC_ID = /^(?:SPEC-)?([0-9]{1,3})$/;

/** The profile every runtime claims (SPEC-000): a requirement that names no profile belongs to it. */
export const CORE_PROFILE = 'core';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// RFC 2119 keywords grouped by the obligation they express; negative forms carry the same weight.
function normaliseLevel(value: unknown): RequirementLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const keyword = value.trim().toUpperCase().replace(/\s+NOT$/, '');
  if (keyword === 'MUST' || keyword === 'SHALL' || keyword === 'REQUIRED') return 'MUST';
  if (keyword === 'SHOULD' || keyword === 'RECOMMENDED') return 'SHOULD';
  if (keyword === 'MAY' || keyword === 'OPTIONAL') return 'MAY';
  return undefined;
}

function normaliseSpec(value: unknown, idSpecNumber: string): string | undefined {
  if (value === undefined || value === null) return `SPEC-${idSpecNumber}`;
  const match = typeof value === 'string' || typeof value === 'number' ? SPEC_ID.exec(String(value).trim()) : null;
  return match?.[1] === undefined ? undefined : `SPEC-${match[1].padStart(3, '0')}`;
}

function normaliseProfiles(entry: Record<string, unknown>): string[] | undefined {
  const raw = entry.profiles ?? entry.profile;
  if (raw === undefined || raw === null) return [CORE_PROFILE];
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every((item): item is string => typeof item === 'string' && item.trim() !== '')) return undefined;
  const profiles = [...new Set(list.map((item) => item.trim()))];
  return profiles.length === 0 ? [CORE_PROFILE] : profiles;
}

function isRetired(entry: Record<string, unknown>): boolean {
  const flag = entry.retired;
  if (flag === true) return true;
  if (typeof flag === 'string' && flag.trim() !== '' && flag.trim().toLowerCase() !== 'false') return true;
  return typeof entry.status === 'string' && entry.status.trim().toLowerCase() === 'retired';
}

function entriesOf(document: unknown): unknown[] | undefined {
  if (Array.isArray(document)) return document as unknown[];
  if (isRecord(document) && Array.isArray(document.requirements)) return document.requirements as unknown[];
  return undefined;
}

export function parseRequirements(document: unknown): RequirementEntry[] {
  const entries = entriesOf(document);
  if (entries === undefined) {
    throw inputInvalid('requirements index is neither an array nor an object with a "requirements" array');
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const result: RequirementEntry[] = [];
  entries.forEach((entry, position) => {
    const where = `requirements[${position}]`;
    if (!isRecord(entry)) {
      problems.push(`${where}: not an object`);
      return;
    }
    const id = typeof entry.id === 'string' ? entry.id.trim() : '';
    const idMatch = REQUIREMENT_ID.exec(id);
    if (!idMatch?.[1]) {
      problems.push(`${where}: id ${JSON.stringify(entry.id)} is not REQ-NNN-MMM`);
      return;
    }
    const spec = normaliseSpec(entry.spec, idMatch[1]);
    const level = normaliseLevel(entry.level);
    const profiles = normaliseProfiles(entry);
    if (spec === undefined) problems.push(`${id}: spec ${JSON.stringify(entry.spec)} is not SPEC-NNN`);
    if (level === undefined) problems.push(`${id}: level ${JSON.stringify(entry.level)} is not an RFC 2119 keyword`);
    if (profiles === undefined) problems.push(`${id}: profiles must be a name or a list of names`);
    if (seen.has(id)) problems.push(`${id}: listed more than once`);
    seen.add(id);
    if (spec === undefined || level === undefined || profiles === undefined) return;
    const verification = typeof entry.verification === 'string' ? entry.verification : null;
    result.push({ id, spec, level, profiles, verification, retired: isRetired(entry) });
  });
  if (problems.length > 0) throw inputInvalid('requirements index has unusable entries', problems);
  return result.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function readRequirementsIndex(path: string): Promise<RequirementEntry[]> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw inputInvalid(`cannot read requirements index ${path}`, [], error);
  }
  return parseRequirements(document);
}
