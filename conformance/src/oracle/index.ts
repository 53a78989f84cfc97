// Public surface of the oracle: the plain implementation of the SPEC-010 / SPEC-003 math and of the forward pass
// (contract-core §1–§3) that expected values come from.
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
  ForwardDescriptor,
  RouterDescriptor,
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
  matrixScaleShift,
  scaleInPlace,
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
export {
  FORWARD_FIELDS,
  FORWARD_LIMITS,
  validateForwardDescriptor,
  validateAnyDescriptor,
  assertForwardDescriptor,
  isForwardDescriptor,
  headDim,
} from './descriptor-v2.ts';
export {
  forwardLayerSpecs,
  forwardGlobalSpecs,
  forwardTensorSpecs,
  forwardShardPath,
  forwardShardIds,
  generateForwardTensor,
  generateForwardWeights,
  inputTokens,
  byteTokens,
  scaledDyadicValues,
  type ForwardShardId,
  type ForwardTensorSpec,
} from './forward-weights.ts';
export { BINARY32, BINARY64, dot, matVec, addVectors, type Arithmetic } from './arithmetic.ts';
export { RMS_EPS, rmsNorm } from './norm.ts';
export { ropeAngle, applyRope } from './rope.ts';
export { softmaxAscending, causalAttention } from './attention.ts';
export { silu, swiglu, expertFfn, sharedFfn, moeFfn } from './ffn.ts';
export { siblingMargin, routeForward } from './forward-routing.ts';
export { logitsDigest, sequenceDigest, requestDigest } from './forward-digest.ts';
export {
  requireTensor,
  type ForwardModel,
  type TraceExpert,
  type LevelMargin,
  type RouteMargins,
  type LayerRoute,
  type ForwardTokenResult,
  type ForwardSequenceResult,
  type ForwardRequestResult,
} from './forward-types.ts';
export { forwardSequence, forwardRequest, type ForwardOptions } from './forward.ts';
export {
  DECISIVE_MARGIN,
  LOGIT_TOLERANCE,
  decisive,
  decisiveOrder,
  decisivePrefix,
  decisiveCount,
  logitDeviation,
  logitsClose,
  traceIds,
} from './comparison-policy.ts';
export {
  PARAMETER_BYTES,
  attentionProjectionFlops,
  attentionCoreFlops,
  routerRowsScored,
  routerFlops,
  selectedExperts,
  activeExpertFlops,
  sharedExpertFlops,
  outputFlops,
  tokenFlops,
  maxTokenFlops,
  tokenParameterBytes,
  forwardParameterCount,
  modelParameterCount,
  modelParameterBytes,
  type TokenFlops,
} from './accounting.ts';
