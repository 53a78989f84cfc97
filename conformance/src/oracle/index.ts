// Public surface of the oracle: the plain implementation of the SPEC-010 / SPEC-003 math that expected values come from.
export { OracleError, hasOracleCode, type OracleErrorCode } from './errors.ts';
export {
  U64_MAX,
  DYADIC_VALUES,
  mix,
  streamOutput,
  streamKey,
  dyadic,
  weightLabel,
  inputLabel,
  tieParentPath,
  tiebreakLabel,
  tieKey,
  parseU64,
  isU64Text,
  type RoutingLevel,
} from './prng.ts';
export type {
  TieOverride,
  ModelDescriptor,
  ExpectedTierRoute,
  ExpectedGroupRoute,
  ExpectedExpertRoute,
  ExpectedTokenRoute,
  ExpectedRouteResult,
  RouterTensors,
} from './types.ts';
export {
  DESCRIPTOR_FAMILY,
  DESCRIPTOR_NAME_PATTERN,
  LEVELS,
  levelRows,
  validateDescriptor,
  assertDescriptor,
  parameterCount,
  type DescriptorProblem,
} from './descriptor.ts';
export {
  routerTensorName,
  layerTensorNames,
  compareNames,
  generateTensorData,
  generateRouterTensor,
  generateLayerTensors,
  generateRouterTensors,
  routerTensorMap,
  inputVector,
  inputMatrix,
  type RouterTensor,
} from './weights.ts';
export { GATE_TOLERANCE, gatesClose, tokenDigest, routeDigest, sha256Hex } from './digest.ts';
export {
  rowScore,
  compareCandidates,
  rankCandidates,
  softmaxInRankOrder,
  routeToken,
  routeBatch,
  type RankedCandidate,
} from './routing.ts';
