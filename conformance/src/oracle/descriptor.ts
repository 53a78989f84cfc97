// Descriptor invariants of the conformance model family (contract §2, SPEC-004). Validation returns problems as
// data; callers decide whether a problem is fatal.
import { OracleError } from './errors.ts';
import { isU64Text, type RoutingLevel } from './prng.ts';
import type { ModelDescriptor, RouterDescriptor } from './types.ts';

export interface DescriptorProblem {
  /** JSON Pointer into the descriptor. */
  path: string;
  message: string;
}

export const DESCRIPTOR_FAMILY = 'litellm-conformance';
export const DESCRIPTOR_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const LEVELS: readonly RoutingLevel[] = ['tier', 'group', 'expert'];
const MAX_EXPERTS = 2 ** 32;
const TOP_KEYS = ['family', 'formatVersion', 'name', 'seed', 'dModel', 'layers', 'hierarchy', 'topK', 'ties'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string, out: DescriptorProblem[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) out.push({ path: `${path}/${key}`, message: 'unknown property' });
  }
}

function checkInt(obj: Record<string, unknown>, key: string, min: number, max: number, path: string, out: DescriptorProblem[]): number | undefined {
  const value = obj[key];
  if (isIntIn(value, min, max)) return value;
  out.push({ path: `${path}/${key}`, message: `must be an integer in ${min}..${max}` });
  return undefined;
}

/** Number of rows of the router tensor of `level` (T, T*G or T*G*E). */
export function levelRows(descriptor: RouterDescriptor, level: RoutingLevel): number {
  const { tiers, groupsPerTier, expertsPerGroup } = descriptor.hierarchy;
  if (level === 'tier') return tiers;
  if (level === 'group') return tiers * groupsPerTier;
  return tiers * groupsPerTier * expertsPerGroup;
}

/** Every invariant of contract §2; an empty list means the value is a valid ModelDescriptor. */
export function validateDescriptor(value: unknown): DescriptorProblem[] {
  const out: DescriptorProblem[] = [];
  if (!isRecord(value)) return [{ path: '', message: 'descriptor must be an object' }];
  checkKeys(value, TOP_KEYS, '', out);
  if (value.family !== DESCRIPTOR_FAMILY) out.push({ path: '/family', message: `must be "${DESCRIPTOR_FAMILY}"` });
  if (value.formatVersion !== 1) out.push({ path: '/formatVersion', message: 'must be 1' });
  if (typeof value.name !== 'string' || !DESCRIPTOR_NAME_PATTERN.test(value.name)) {
    out.push({ path: '/name', message: `must match ${DESCRIPTOR_NAME_PATTERN.source}` });
  }
  if (!isU64Text(value.seed)) out.push({ path: '/seed', message: 'must be a canonical u64 decimal string' });
  checkInt(value, 'dModel', 1, 4096, '', out);
  const layers = checkInt(value, 'layers', 1, 64, '', out);

  const counts: Partial<Record<RoutingLevel, number>> = {};
  if (isRecord(value.hierarchy)) {
    checkKeys(value.hierarchy, ['tiers', 'groupsPerTier', 'expertsPerGroup'], '/hierarchy', out);
    counts.tier = checkInt(value.hierarchy, 'tiers', 1, 4096, '/hierarchy', out);
    counts.group = checkInt(value.hierarchy, 'groupsPerTier', 1, 4096, '/hierarchy', out);
    counts.expert = checkInt(value.hierarchy, 'expertsPerGroup', 1, 4096, '/hierarchy', out);
    // Global expert ids must fit an unsigned 32-bit integer (SPEC-004).
    if (counts.tier !== undefined && counts.group !== undefined && counts.expert !== undefined
      && counts.tier * counts.group * counts.expert > MAX_EXPERTS) {
      out.push({ path: '/hierarchy', message: 'tiers × groupsPerTier × expertsPerGroup must be at most 2^32' });
    }
  } else {
    out.push({ path: '/hierarchy', message: 'must be an object' });
  }

  if (isRecord(value.topK)) {
    checkKeys(value.topK, LEVELS, '/topK', out);
    for (const level of LEVELS) {
      // SPEC-004: topK at each level is between 1 and the count at that level.
      checkInt(value.topK, level, 1, counts[level] ?? 4096, '/topK', out);
    }
  } else {
    out.push({ path: '/topK', message: 'must be an object' });
  }

  if (value.ties !== undefined) {
    const rows: Partial<Record<RoutingLevel, number>> = {};
    if (counts.tier !== undefined) rows.tier = counts.tier;
    if (rows.tier !== undefined && counts.group !== undefined) rows.group = rows.tier * counts.group;
    if (rows.group !== undefined && counts.expert !== undefined) rows.expert = rows.group * counts.expert;
    validateTies(value.ties, layers, rows, out);
  }
  return out;
}

function validateTies(
  ties: unknown,
  layers: number | undefined,
  rows: Partial<Record<RoutingLevel, number>>,
  out: DescriptorProblem[],
): void {
  if (!Array.isArray(ties)) {
    out.push({ path: '/ties', message: 'must be an array' });
    return;
  }
  ties.forEach((tie: unknown, n) => {
    const path = `/ties/${n}`;
    if (!isRecord(tie)) {
      out.push({ path, message: 'must be an object' });
      return;
    }
    checkKeys(tie, ['layer', 'level', 'copy'], path, out);
    checkInt(tie, 'layer', 0, (layers ?? 64) - 1, path, out);
    const level = LEVELS.find((l) => l === tie.level);
    if (level === undefined) out.push({ path: `${path}/level`, message: 'must be tier, group or expert' });
    if (!isRecord(tie.copy)) {
      out.push({ path: `${path}/copy`, message: 'must be an object' });
      return;
    }
    checkKeys(tie.copy, ['from', 'to'], `${path}/copy`, out);
    // Rows are flat indices into that level's router tensor.
    const maxRow = level === undefined ? Number.MAX_SAFE_INTEGER : (rows[level] ?? Number.MAX_SAFE_INTEGER) - 1;
    const from = checkInt(tie.copy, 'from', 0, maxRow, `${path}/copy`, out);
    const to = checkInt(tie.copy, 'to', 0, maxRow, `${path}/copy`, out);
    if (from !== undefined && from === to) out.push({ path: `${path}/copy`, message: 'from and to must differ' });
  });
}

/** Validate or throw E_MODEL_MANIFEST_INVALID listing the problems. */
export function assertDescriptor(value: unknown): ModelDescriptor {
  const problems = validateDescriptor(value);
  if (problems.length > 0) {
    const text = problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ');
    throw new OracleError('E_MODEL_MANIFEST_INVALID', `invalid descriptor: ${text}`);
  }
  return value as ModelDescriptor;
}

/** Router parameter count: layers × (T + T·G + T·G·E) × dModel (for v2 models, the router part only). */
export function parameterCount(descriptor: RouterDescriptor): number {
  const { tiers: t, groupsPerTier: g, expertsPerGroup: e } = descriptor.hierarchy;
  const count = BigInt(descriptor.layers) * (BigInt(t) + BigInt(t * g) + BigInt(t) * BigInt(g) * BigInt(e)) * BigInt(descriptor.dModel);
  if (count > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new OracleError('E_MODEL_LIMIT', `parameter count ${count} exceeds the exactly representable range`);
  }
  return Number(count);
}
