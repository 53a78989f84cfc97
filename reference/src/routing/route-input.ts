// Semantic checks of a route request, all done before any routing work (contract §3): layer in range, then the
// shape of `hidden` (1..maxTokensPerRequest rows of exactly dModel numbers), then finiteness of every number.

import { RuntimeError } from '../errors.ts';

export interface RouteInput {
  /** Row-major [tokenCount, dModel]. */
  hidden: Float64Array;
  tokenCount: number;
}

/** Which checks of `hidden` apply; both are on except under fault switches. */
export interface HiddenChecks {
  /** Off: any number of rows, each zero-padded or cut to dModel. */
  shape: boolean;
  /** Off: non-finite elements read as 0. */
  finite: boolean;
}

const ALL_CHECKS: HiddenChecks = { shape: true, finite: true };

export function checkLayer(layer: number, layers: number): void {
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers) {
    throw new RuntimeError('E_ROUTING_LAYER', `layer ${layer} is outside 0..${layers - 1}`);
  }
}

function checkShape(rows: readonly (readonly number[])[], dModel: number, maxTokens: number): void {
  if (rows.length === 0) throw new RuntimeError('E_ROUTING_SHAPE', 'hidden holds no rows');
  if (rows.length > maxTokens) {
    throw new RuntimeError('E_ROUTING_SHAPE', `hidden holds ${rows.length} rows, more than maxTokensPerRequest ${maxTokens}`);
  }
  rows.forEach((row, index) => {
    if (row.length !== dModel) {
      throw new RuntimeError('E_ROUTING_SHAPE', `hidden row ${index} has ${row.length} values, dModel is ${dModel}`);
    }
  });
}

/** `rows` has passed the request schema: an array of arrays of JSON numbers (which may have overflowed to ±Infinity). */
export function readHidden(
  rows: readonly (readonly number[])[], dModel: number, maxTokens: number, checks: HiddenChecks = ALL_CHECKS,
): RouteInput {
  if (checks.shape) checkShape(rows, dModel, maxTokens);
  const hidden = new Float64Array(rows.length * dModel);
  let at = 0;
  for (const row of rows) {
    // With the shape checked every row has dModel values; otherwise missing ones stay 0 and extra ones are ignored.
    for (let j = 0; j < dModel; j++, at++) {
      const value = row[j] ?? 0;
      if (Number.isFinite(value)) hidden[at] = value;
      else if (checks.finite) throw new RuntimeError('E_ROUTING_NOT_FINITE', `hidden row ${Math.floor(at / dModel)} holds a non-finite number`);
    }
  }
  return { hidden, tokenCount: rows.length };
}
