// Semantic checks of a route request, all done before any routing work (contract §3): layer in range, then the
// shape of `hidden` (1..maxTokensPerRequest rows of exactly dModel numbers), then finiteness of every number.

import { RuntimeError } from '../errors.ts';

export interface RouteInput {
  /** Row-major [tokenCount, dModel]. */
  hidden: Float64Array;
  tokenCount: number;
}

export function checkLayer(layer: number, layers: number): void {
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers) {
    throw new RuntimeError('E_ROUTING_LAYER', `layer ${layer} is outside 0..${layers - 1}`);
  }
}

/** `rows` has passed the request schema: an array of arrays of JSON numbers (which may have overflowed to ±Infinity). */
export function readHidden(rows: readonly (readonly number[])[], dModel: number, maxTokens: number): RouteInput {
  if (rows.length === 0) throw new RuntimeError('E_ROUTING_SHAPE', 'hidden holds no rows');
  if (rows.length > maxTokens) {
    throw new RuntimeError('E_ROUTING_SHAPE', `hidden holds ${rows.length} rows, more than maxTokensPerRequest ${maxTokens}`);
  }
  rows.forEach((row, index) => {
    if (row.length !== dModel) {
      throw new RuntimeError('E_ROUTING_SHAPE', `hidden row ${index} has ${row.length} values, dModel is ${dModel}`);
    }
  });
  const hidden = new Float64Array(rows.length * dModel);
  let at = 0;
  for (const row of rows) {
    for (const value of row) {
      if (!Number.isFinite(value)) throw new RuntimeError('E_ROUTING_NOT_FINITE', `hidden row ${Math.floor(at / dModel)} holds a non-finite number`);
      hidden[at++] = value;
    }
  }
  return { hidden, tokenCount: rows.length };
}
