// Where checkpoints (SPEC-029) and snapshots (SPEC-030) deviate from their specs under fault switches. Every field is
// false without faults; each switch is read here, once, and the storage code consults the resulting object.

import { NO_FAULTS, type FaultSet } from '../faults.ts';

export interface SnapshotBehaviour {
  signatureEmptyObject: boolean;
  manifestListedFirst: boolean;
  digestTensorDataOnly: boolean;
  rootWithoutSize: boolean;
  digestOfManifestFile: boolean;
  verifySizeOnly: boolean;
  verifyIgnoresUnlisted: boolean;
  verifySkipsRoot: boolean;
  verifyAnyVersion: boolean;
  expertW1W3Swapped: boolean;
  notIndexed: boolean;
  listUnsorted: boolean;
  deleteIndexOnly: boolean;
  overwriteExisting: boolean;
  unknownIdInternal: boolean;
  listedBeforeComplete: boolean;
  writeInPlace: boolean;
  scanKeepsLeftovers: boolean;
  scanSkipsDottedIds: boolean;
  scanTrustsCheckpoint: boolean;
  restoreReportsFileDigest: boolean;
  restoreReplacesLoaded: boolean;
  noIdReservation: boolean;
  tieredColdExpertsZero: boolean;
  proceduralInternal: boolean;
}

export function snapshotBehaviour(faults: FaultSet): SnapshotBehaviour {
  return {
    // FAULT checkpoint.signature-empty-object: the signature slot holds {} instead of null.
    signatureEmptyObject: faults.has('checkpoint.signature-empty-object'),
    // FAULT checkpoint.manifest-listed-first: files lists model-manifest.json first, then the shards in order.
    manifestListedFirst: faults.has('checkpoint.manifest-listed-first'),
    // FAULT checkpoint.digest-tensor-data-only: a shard's sha256 covers its data section, not the whole file.
    digestTensorDataOnly: faults.has('checkpoint.digest-tensor-data-only'),
    // FAULT checkpoint.root-without-size: root lines are `<sha256> <path>\n`, leaving out the size.
    rootWithoutSize: faults.has('checkpoint.root-without-size'),
    // FAULT checkpoint.digest-of-manifest-file: manifestDigest is SHA-256 of model-manifest.json, also for the built-in model.
    digestOfManifestFile: faults.has('checkpoint.digest-of-manifest-file'),
    // FAULT checkpoint.verify-size-only: restore compares file lengths but not SHA-256 digests.
    verifySizeOnly: faults.has('checkpoint.verify-size-only'),
    // FAULT checkpoint.verify-ignores-unlisted: restore accepts files present in the snapshot but not listed.
    verifyIgnoresUnlisted: faults.has('checkpoint.verify-ignores-unlisted'),
    // FAULT checkpoint.verify-skips-root: restore does not recompute rootDigest.
    verifySkipsRoot: faults.has('checkpoint.verify-skips-root'),
    // FAULT checkpoint.verify-any-version: restore skips the checkpoint schema, accepting any formatVersion.
    verifyAnyVersion: faults.has('checkpoint.verify-any-version'),
    // FAULT snapshot.expert-w1-w3-swapped: the routed experts' w1 and w3 tensors are written under each other's names.
    expertW1W3Swapped: faults.has('snapshot.expert-w1-w3-swapped'),
    // FAULT snapshot.not-indexed: a new snapshot is not listed nor found until the next rescan.
    notIndexed: faults.has('snapshot.not-indexed'),
    // FAULT snapshot.list-unsorted: GET /v1/snapshots lists snapshots in the order they were indexed.
    listUnsorted: faults.has('snapshot.list-unsorted'),
    // FAULT snapshot.delete-index-only: DELETE forgets the snapshot but leaves its directory, which the next scan lists.
    deleteIndexOnly: faults.has('snapshot.delete-index-only'),
    // FAULT snapshot.overwrite-existing: a snapshot with a taken id replaces the existing one (201).
    overwriteExisting: faults.has('snapshot.overwrite-existing'),
    // FAULT snapshot.unknown-id-internal: restoring an unknown id reads its missing checkpoint and answers 500 E_INTERNAL.
    unknownIdInternal: faults.has('snapshot.unknown-id-internal'),
    // FAULT snapshot.listed-before-complete: a snapshot is listed when its write starts, not when it finishes.
    listedBeforeComplete: faults.has('snapshot.listed-before-complete'),
    // FAULT snapshot.write-in-place: files are written straight into snapshots/<id>/, with no temporary directory.
    writeInPlace: faults.has('snapshot.write-in-place'),
    // FAULT snapshot.scan-keeps-leftovers: a scan leaves .tmp- entries in place.
    scanKeepsLeftovers: faults.has('snapshot.scan-keeps-leftovers'),
    // FAULT snapshot.scan-skips-dotted-ids: a scan ignores snapshot directories whose id contains '.'.
    scanSkipsDottedIds: faults.has('snapshot.scan-skips-dotted-ids'),
    // FAULT snapshot.scan-trusts-checkpoint: a scan lists any directory whose checkpoint.json parses, unverified.
    scanTrustsCheckpoint: faults.has('snapshot.scan-trusts-checkpoint'),
    // FAULT snapshot.restore-reports-file-digest: a restored model reports SHA-256 of model-manifest.json as its digest.
    restoreReportsFileDigest: faults.has('snapshot.restore-reports-file-digest'),
    // FAULT snapshot.restore-replaces-loaded: restoring onto an id loaded with another digest unloads that model first.
    restoreReplacesLoaded: faults.has('snapshot.restore-replaces-loaded'),
    // FAULT snapshot.no-id-reservation: the id is checked when a snapshot starts but not reserved while it is written.
    noIdReservation: faults.has('snapshot.no-id-reservation'),
    // FAULT snapshot.tiered-from-hot-only: a tiered model's snapshot holds zeros for every expert that is not hot.
    tieredColdExpertsZero: faults.has('snapshot.tiered-from-hot-only'),
    // FAULT snapshot.procedural-internal: a snapshot of a procedural model fails with 500 E_INTERNAL.
    proceduralInternal: faults.has('snapshot.procedural-internal'),
  };
}

export const NO_SNAPSHOT_FAULTS: SnapshotBehaviour = snapshotBehaviour(NO_FAULTS);
