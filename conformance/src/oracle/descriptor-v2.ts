// Descriptor formatVersion 2 (contract-core §1, SPEC-004 extension): the v1 router fields, validated by the v1
// rules, plus the transformer fields. Problems are data, as for version 1.
import { OracleError } from './errors.ts';
import { validateDescriptor, type DescriptorProblem } from './descriptor.ts';
import type { ForwardDescriptor, RouterDescriptor } from './types.ts';

/** Fields a version-2 descriptor adds to version 1, all required. */
export const FORWARD_FIELDS: readonly string[] = ['vocab', 'heads', 'dFF', 'sharedExpert', 'ropeBase', 'maxSeq'];

export const FORWARD_LIMITS = {
  vocab: { min: 2, max: 65536 },
  dFF: { min: 1, max: 16384 },
  maxSeq: { min: 1, max: 4096 },
  heads: { min: 1, max: 4096 },
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intIn(obj: Record<string, unknown>, key: keyof typeof FORWARD_LIMITS, out: DescriptorProblem[]): number | undefined {
  const { min, max } = FORWARD_LIMITS[key];
  const value = obj[key];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  out.push({ path: `/${key}`, message: `must be an integer in ${min}..${max}` });
  return undefined;
}

/** The shared (router) invariants, checked by the v1 validator on the descriptor without its v2 fields. */
function routerProblems(value: Record<string, unknown>): DescriptorProblem[] {
  const routerPart: Record<string, unknown> = { ...value, formatVersion: 1 };
  for (const key of FORWARD_FIELDS) delete routerPart[key];
  return validateDescriptor(routerPart);
}

/** Every invariant of a formatVersion 2 descriptor; an empty list means the value is a valid ForwardDescriptor. */
export function validateForwardDescriptor(value: unknown): DescriptorProblem[] {
  if (!isRecord(value)) return [{ path: '', message: 'descriptor must be an object' }];
  const out = routerProblems(value);
  if (value.formatVersion !== 2) out.push({ path: '/formatVersion', message: 'must be 2' });
  intIn(value, 'vocab', out);
  intIn(value, 'dFF', out);
  intIn(value, 'maxSeq', out);
  const heads = intIn(value, 'heads', out);
  const d = value.dModel;
  // Each head holds dModel / heads elements, and RoPE rotates them in pairs (contract-core §1).
  if (heads !== undefined && typeof d === 'number' && Number.isInteger(d) && d >= 1) {
    if (d % heads !== 0) out.push({ path: '/heads', message: 'must divide dModel' });
    else if ((d / heads) % 2 !== 0) out.push({ path: '/heads', message: 'dModel / heads must be even' });
  }
  if (typeof value.sharedExpert !== 'boolean') out.push({ path: '/sharedExpert', message: 'must be a boolean' });
  const base = value.ropeBase;
  if (typeof base !== 'number' || !Number.isFinite(base) || !(base > 1)) {
    out.push({ path: '/ropeBase', message: 'must be a finite number greater than 1' });
  }
  return out;
}

/** Validate either version: formatVersion 2 by the v2 rules, anything else by the v1 rules. */
export function validateAnyDescriptor(value: unknown): DescriptorProblem[] {
  if (isRecord(value) && value.formatVersion === 2) return validateForwardDescriptor(value);
  return validateDescriptor(value);
}

/** Validate a v2 descriptor or throw E_MODEL_MANIFEST_INVALID listing the problems. */
export function assertForwardDescriptor(value: unknown): ForwardDescriptor {
  const problems = validateForwardDescriptor(value);
  if (problems.length > 0) {
    const text = problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ');
    throw new OracleError('E_MODEL_MANIFEST_INVALID', `invalid descriptor: ${text}`);
  }
  return value as ForwardDescriptor;
}

/** True for a formatVersion 2 descriptor: the only kind the forward pass accepts (else E_FORWARD_UNSUPPORTED). */
export function isForwardDescriptor(descriptor: RouterDescriptor): descriptor is ForwardDescriptor {
  return descriptor.formatVersion === 2;
}

/** dHead = dModel / heads. */
export function headDim(descriptor: ForwardDescriptor): number {
  return descriptor.dModel / descriptor.heads;
}
