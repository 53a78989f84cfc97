// Shapes of the forward oracle's inputs and results (contract-core §2, §4). Route entries mirror the /v1/forward
// trace exactly; the routing margins are the oracle's own addition, kept apart so they never reach a comparison.
import { OracleError } from './errors.ts';
import type { ForwardDescriptor } from './types.ts';

/** A v2 model: its descriptor and every tensor by name (row-major float32). */
export interface ForwardModel {
  readonly descriptor: ForwardDescriptor;
  readonly weights: ReadonlyMap<string, Float32Array>;
}

/** One selected expert as the forward trace reports it; gate = tier × group × expert softmax weight, binary64. */
export interface TraceExpert {
  tier: number;
  group: number;
  expert: number;
  id: number;
  gate: number;
}

/**
 * Routing margins of one level for one token and layer, minimum over the level's evaluated sibling sets:
 * `selection` = k-th score − (k+1)-th score (+Infinity when k equals the sibling count), `order` = smallest gap
 * between consecutive selected scores (+Infinity when k = 1).
 */
export interface LevelMargin {
  selection: number;
  order: number;
}

export interface RouteMargins {
  tier: LevelMargin;
  group: LevelMargin;
  expert: LevelMargin;
}

/** The routing of one token at one layer, as in the forward trace: `{ layer, experts }`. */
export interface LayerRoute {
  layer: number;
  experts: TraceExpert[];
}

export interface ForwardTokenResult {
  position: number;
  token: number;
  /** Logits over the vocabulary: binary32 values for BINARY32, binary64 for BINARY64. */
  logits: number[];
  /** SHA-256 hex of the logits as binary32 little-endian. */
  digest: string;
  /** One entry per layer, in layer order. */
  routes: LayerRoute[];
  /** Margins per layer, parallel to `routes`. */
  margins: RouteMargins[];
}

export interface ForwardSequenceResult {
  tokens: ForwardTokenResult[];
  /** SHA-256 hex of the concatenated 32-byte token digests. */
  digest: string;
}

export interface ForwardRequestResult {
  model: string;
  /** Routing seed used, decimal u64. */
  seed: string;
  sequences: ForwardSequenceResult[];
  /** SHA-256 hex of the concatenated 32-byte sequence digests. */
  digest: string;
}

/** A named tensor of the model, checked to hold `elements` values. */
export function requireTensor(model: ForwardModel, name: string, elements: number): Float32Array {
  const data = model.weights.get(name);
  if (data === undefined) throw new OracleError('E_MODEL_FORMAT', `missing tensor ${name}`);
  if (data.length !== elements) throw new OracleError('E_MODEL_FORMAT', `tensor ${name} has ${data.length} elements, expected ${elements}`);
  return data;
}
