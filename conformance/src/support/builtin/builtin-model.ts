// The built-in model `default` (SPEC-001 §4.5): its descriptor pinned as canonical JSON, the digest of that text,
// and the weights SPEC-010 §4.6 generates for it, which the oracle computes with.
import { generateForwardWeights, type ForwardDescriptor, type ForwardModel } from '../../oracle/index.ts';

export const BUILTIN_NAME = 'default';

/** SPEC-001 §4.5, verbatim: the descriptor in RFC 8785 canonical JSON. */
export const DEFAULT_DESCRIPTOR_TEXT =
  '{"dFF":64,"dModel":32,"family":"litellm-conformance","formatVersion":2,"heads":4,' +
  '"hierarchy":{"expertsPerGroup":4,"groupsPerTier":2,"tiers":2},"layers":2,"maxSeq":64,"name":"default",' +
  '"ropeBase":10000,"seed":"0","sharedExpert":true,"topK":{"expert":2,"group":2,"tier":1},"vocab":256}';

/** SPEC-001 §4.5: the manifestDigest every runtime reports for `default`. */
export const DEFAULT_MANIFEST_DIGEST = 'cb709da0b143f130f319d9d54e74194ed017d0cd271a25d1565cb11162968d20';

/** SPEC-004 §4.4: the parameters of `default`. */
export const DEFAULT_PARAMETERS = 235040;

export function defaultDescriptor(): ForwardDescriptor {
  return JSON.parse(DEFAULT_DESCRIPTOR_TEXT) as ForwardDescriptor;
}

let model: ForwardModel | undefined;

/** The built-in model as the oracle sees it (generated once per process). */
export function defaultModel(): ForwardModel {
  if (model === undefined) {
    const descriptor = defaultDescriptor();
    model = { descriptor, weights: generateForwardWeights(descriptor) };
  }
  return model;
}
