// Where the forward pass deviates from SPEC-002/005/010 under fault switches, read once when the server is built;
// kernels see only these booleans. NO_FORWARD_FAULTS is the conforming pass.

import type { FaultSet } from '../faults.ts';

export interface ForwardFaults {
  traceGateBinary32: boolean;
  traceLayer0Repeated: boolean;
  attentionCoreUncharged: boolean;
  bytesAllExperts: boolean;
  flopsAllExperts: boolean;
  digestFloat64: boolean;
  sequenceDigestHex: boolean;
  skipFinalNorm: boolean;
  lastPositionFloat64Head: boolean;
  /** Per request: the shared expert is left out (only faults tied to the delay or the degraded state set it). */
  skipSharedExpert: boolean;
  /** Per model: RoPE angles in binary32 (only the forward.reload-rope-binary32 fault sets it). */
  ropeAnglesBinary32: boolean;
}

export const NO_FORWARD_FAULTS: Readonly<ForwardFaults> = Object.freeze({
  traceGateBinary32: false, traceLayer0Repeated: false, attentionCoreUncharged: false, bytesAllExperts: false, flopsAllExperts: false,
  digestFloat64: false, sequenceDigestHex: false, skipFinalNorm: false, lastPositionFloat64Head: false, skipSharedExpert: false, ropeAnglesBinary32: false,
});

export function forwardFaults(faults: FaultSet): ForwardFaults {
  return {
    ...NO_FORWARD_FAULTS,
    // FAULT forward.trace-gate-binary32: traced gates rounded to binary32 when reported.
    traceGateBinary32: faults.has('forward.trace-gate-binary32'),
    // FAULT forward.trace-layer0-repeated: every traced layer repeats layer 0's experts.
    traceLayer0Repeated: faults.has('forward.trace-layer0-repeated'),
    // FAULT compute.attention-flops-no-position: the attention core (4·d·(i+1) per layer) is not charged.
    attentionCoreUncharged: faults.has('compute.attention-flops-no-position'),
    // FAULT compute.bytes-all-experts: every expert's matrices are charged as read, not only the selected ones.
    bytesAllExperts: faults.has('compute.bytes-all-experts'),
    // FAULT compute.experts-count-all: every expert's FFN FLOPs are charged, not only the selected ones.
    flopsAllExperts: faults.has('compute.experts-count-all'),
    // FAULT forward.digest-float64: token digests hash the logits as binary64.
    digestFloat64: faults.has('forward.digest-float64'),
    // FAULT digest.sequence-hex-concat: sequence digests hash the token digests' hex text.
    sequenceDigestHex: faults.has('digest.sequence-hex-concat'),
    // FAULT forward.final-norm-skipped: the output head reads h without the final RMSNorm.
    skipFinalNorm: faults.has('forward.final-norm-skipped'),
    // FAULT forward.last-position-float64-head: each sequence's last position gets a binary64 output head.
    lastPositionFloat64Head: faults.has('forward.last-position-float64-head'),
  };
}
