// How the router deviates from SPEC-003/SPEC-010 under fault switches. Everything is decided once, when the router
// is built; the routing loops only read these plain fields. With no faults every field is the conforming choice.

import type { FaultSet } from '../faults.ts';
import type { U64Halves } from '../numeric/u64.ts';

// SplitMix64's increment with its last byte changed (0x…15 -> 0x…13): the generator keeps its shape but every
// output differs from SPEC-010 §4.2.
const WRONG_GAMMA: U64Halves = { hi: 0x9e3779b9, lo: 0x7f4a7c13 };

export interface RouterBehaviour {
  /** Ties fall back to candidate index order (no seeded tie keys). */
  tieBreakByIndex: boolean;
  /** An expert's gate is its own softmax weight. */
  gateIsExpertOnly: boolean;
  /** Experts emitted by ascending global id. */
  expertsById: boolean;
  /** binary32 gates when a request holds more than one token. */
  binary32GatesInBatches: boolean;
  /** binary32 gates always. */
  binary32Gates: boolean;
  /** Token digest entries hash the gate before the id. */
  digestGateFirst: boolean;
  /** Route digest over the token digests' hex text. */
  routeDigestOverHex: boolean;
  /** Dot products leave out the last element. */
  skipLastElement: boolean;
  /** Dot products start at a per-request rotating index. */
  rotateSums: boolean;
  /** One expert more than topK.expert per group, where the group has it. */
  extraExpert: boolean;
  /** Experts selected flat over the selected tiers, ignoring groups. */
  flatExperts: boolean;
  /** Tier and group softmax over all candidates of the parent. */
  softmaxOverAll: boolean;
  /** The result's `layer` is 0 whatever was routed. */
  layerEchoZero: boolean;
  /** Group and expert `id` are local indices. */
  localIds: boolean;
  /** Each group's last selected expert is replaced by its first. */
  duplicateLastExpert: boolean;
  /** SplitMix64 increment of the tie-key streams. */
  tieGamma: U64Halves | null;
  /** Tie-key stream keys read little-endian. */
  tieKeyLittleEndian: boolean;
  /** Tie-key labels end with the model's load ordinal. */
  saltTieLabelsWithLoadOrdinal: boolean;
}

export function routerBehaviour(faults: FaultSet): RouterBehaviour {
  return {
    // FAULT routing.tiebreak: equal scores ordered by candidate index, ignoring the seeded tie keys.
    tieBreakByIndex: faults.has('routing.tiebreak'),
    // FAULT routing.gate-product: an expert's gate is its own softmax weight only.
    gateIsExpertOnly: faults.has('routing.gate-product'),
    // FAULT routing.order: experts emitted by ascending global id instead of rank order.
    expertsById: faults.has('routing.order'),
    // FAULT routing.batch-variant: binary32 gates whenever a request holds more than one token.
    binary32GatesInBatches: faults.has('routing.batch-variant'),
    // FAULT numeric.gate-float32: binary32 softmax and gate products for every request.
    binary32Gates: faults.has('numeric.gate-float32'),
    // FAULT digest.order: the token digest hashes each gate before its expert id.
    digestGateFirst: faults.has('digest.order'),
    // FAULT digest.hex-concat: the route digest hashes the token digests' hex text instead of their raw bytes.
    routeDigestOverHex: faults.has('digest.hex-concat'),
    // FAULT routing.score-skip-last-element: every dot product stops one element short.
    skipLastElement: faults.has('routing.score-skip-last-element'),
    // FAULT routing.unordered-sum: dot products summed from an index rotated by a per-process request counter.
    rotateSums: faults.has('routing.unordered-sum'),
    // FAULT routing.topk-off-by-one: k_E + 1 experts selected per group.
    extraExpert: faults.has('routing.topk-off-by-one'),
    // FAULT routing.flat-experts: experts are the top k_T*k_G*k_E of all experts of the selected tiers.
    flatExperts: faults.has('routing.flat-experts'),
    // FAULT routing.softmax-all-candidates: tier and group gates normalised over every candidate of the parent.
    softmaxOverAll: faults.has('routing.softmax-all-candidates'),
    // FAULT routing.layer-echo-zero: the result reports layer 0.
    layerEchoZero: faults.has('routing.layer-echo-zero'),
    // FAULT routing.local-ids: group and expert ids are their indices within the parent.
    localIds: faults.has('routing.local-ids'),
    // FAULT routing.duplicate-selection: the last selected expert of each group repeats its first.
    duplicateLastExpert: faults.has('routing.duplicate-selection'),
    // FAULT prng.wrong-gamma: tie-key streams step by 0x9E3779B97F4A7C13.
    tieGamma: faults.has('prng.wrong-gamma') ? WRONG_GAMMA : null,
    // FAULT prng.key-little-endian: tie-key stream keys are the first 8 SHA-256 bytes read little-endian.
    tieKeyLittleEndian: faults.has('prng.key-little-endian'),
    // FAULT routing.load-count-salt: tie-key labels end with `/<n>`, n the model's load ordinal since start.
    saltTieLabelsWithLoadOrdinal: faults.has('routing.load-count-salt'),
  };
}
