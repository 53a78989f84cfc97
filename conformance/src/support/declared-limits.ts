// The limits the runtime declares in GET /v1/info (SPEC-000 §4.3, SPEC-001 §4.3), read from the info document the
// run fetched once. A limit that is missing or not an integer fails the step that needs it, naming the limit.
import assert from 'node:assert/strict';
import { runtimeInfo } from './run-context.ts';

/** limits.maxK: one bound per routing level (SPEC-005 §4.4). */
export interface DeclaredMaxK {
  readonly tier: number;
  readonly group: number;
  readonly expert: number;
}

function limits(): Readonly<Record<string, unknown>> {
  return runtimeInfo().limits;
}

/** An integer limit, checked to be at least 1. */
export function declaredLimit(name: string): number {
  const value = limits()[name];
  assert.ok(typeof value === 'number' && Number.isSafeInteger(value) && value >= 1, `limits.${name} is ${JSON.stringify(value)}, not a positive integer`);
  return value;
}

export function declaredMaxK(): DeclaredMaxK {
  const value = limits().maxK as Record<string, unknown> | undefined;
  const level = (name: string): number => {
    const k = value?.[name];
    assert.ok(typeof k === 'number' && Number.isSafeInteger(k) && k >= 1, `limits.maxK.${name} is ${JSON.stringify(k)}, not a positive integer`);
    return k;
  };
  return { tier: level('tier'), group: level('group'), expert: level('expert') };
}

export const maxSeqLimit = (): number => declaredLimit('maxSeq');
export const maxTokensPerRequestLimit = (): number => declaredLimit('maxTokensPerRequest');
export const memoryBudgetLimit = (): number => declaredLimit('memoryBudgetBytes');
export const maxDModelLimit = (): number => declaredLimit('maxDModel');
export const maxActiveFlopsLimit = (): number => declaredLimit('maxActiveFlopsPerToken');
