// Fault switches (contract §5): each deliberately breaks one required behaviour so that the conformance suite can
// show it detects the breakage (mutation adequacy). Switches are for conformance-mode mutants; those named
// `protocol.production-*` break production mode itself and are the only ones a production instance accepts.
// Each switch is tested at exactly one place in the code, marked with a `FAULT <name>` comment.

import { GENERATION_FAULT_NAMES } from './inference/generation/fault-names.ts';
import { TENANT_FAULT_NAMES } from './inference/tenants/fault-names.ts';
import { BUDGET_FAULT_NAMES } from './inference/budget/fault-names.ts';
import { DISPATCH_FAULT_NAMES } from './inference/dispatch/fault-names.ts';
import { TELEMETRY_FAULT_NAMES } from './inference/telemetry/fault-names.ts';
import { OPENAI_FAULT_NAMES } from './inference/openai/fault-names.ts';

export const FAULT_NAMES = [
  // routing/router-behaviour.ts: ties broken by lowest candidate index instead of the seeded tie key.
  'routing.tiebreak',
  // routing/router-behaviour.ts: an expert's gate is its own softmax weight, not tier x group x expert.
  'routing.gate-product',
  // routing/router-behaviour.ts: experts listed by ascending global id instead of tier/group/expert rank order.
  'routing.order',
  // server/routes-route.ts: the control seed override is ignored; the descriptor seed is always used.
  'routing.seed-override-ignored',
  // routing/router-behaviour.ts: gates computed in binary32 when a request holds more than one token.
  'routing.batch-variant',
  // model/loader.ts: shard SHA-256 is not compared with the manifest.
  'model.skip-hash',
  // model/model-store.ts: a model whose second (or later) shard fails stays listed with status "failed".
  'model.partial-on-failure',
  // server/routes-control.ts: the control API accepts any credential or none.
  'auth.control-ungated',
  // server/app.ts: the control API is served in production mode too.
  'protocol.production-control',
  // server/error-envelope.ts: the error envelope omits `code`.
  'error.no-code',
  // routing/router-behaviour.ts: the token digest hashes each gate before its expert id.
  'digest.order',
  // server/routes-info.ts: the claimed profiles omit "core".
  'info.no-core',

  // server/routes-info.ts: GET /v1/info demands a tenant or admin credential (REQ-000-001).
  'info.requires-auth',
  // server/app.ts: declares and enforces maxManifestBytes 32768, below the core minimum 65536 (REQ-000-003).
  'info.limits-below-core',
  // server/auth-hooks.ts: runtime API requests without an Authorization header are let through (REQ-000-004).
  'auth.runtime-open',
  // server/auth-hooks.ts: tenant tokens are 401 E_AUTH_INVALID_CREDENTIAL on the runtime API (REQ-000-005).
  'auth.tenant-rejected',
  // server/routes-control.ts: reset keeps tenants and their tokens (REQ-000-008).
  'control.reset-keeps-tenants',
  // server/routes-control.ts: PUT seed echoes the seed but stores nothing (REQ-000-009).
  'control.seed-not-stored',
  // server/routes-control.ts: a duplicate tenant gets 201 and a new token; the old token is revoked (REQ-000-010).
  'control.tenant-overwrite',
  // model/loader.ts: shard paths resolved against the server root instead of the manifest URL (REQ-000-011).
  'model.absolute-shard-paths',
  // model/model-store.ts: loading a loaded id with another digest replaces the model with 201 (REQ-000-012).
  'model.reload-replaces',
  // model/model-store.ts: GET /v1/models lists models in load order (REQ-000-013).
  'model.list-unsorted',
  // model/loader.ts: no safetensors structure checks; missing data reads as zero, header errors are E_INTERNAL (REQ-000-015).
  'model.skip-format-check',
  // server/error-envelope.ts: E_MODEL_FETCH_FAILED is sent with retryable false (REQ-000-016).
  'model.fetch-error-not-retryable',
  // server/app.ts: the loader enforces neither maxManifestBytes nor maxDModel (REQ-000-017).
  'model.ignore-limits',
  // model/model-store.ts: at maxModels the oldest model is evicted instead of 507 (REQ-000-018).
  'model.no-capacity-check',
  // routing/router-behaviour.ts: dot products leave out the last element of the hidden vector (REQ-003-001).
  'routing.score-skip-last-element',
  // routing/router-behaviour.ts: k_E + 1 experts are selected per group where the group has that many (REQ-003-002).
  'routing.topk-off-by-one',
  // routing/router-behaviour.ts: experts are a flat top k_T*k_G*k_E over the selected tiers, ignoring groups (REQ-003-003).
  'routing.flat-experts',
  // routing/router-behaviour.ts: tier and group softmax over every candidate of the parent (REQ-003-005).
  'routing.softmax-all-candidates',
  // server/routes-route.ts: routing an unknown model answers 500 E_INTERNAL (REQ-003-010).
  'routing.unknown-model-500',
  // server/routes-route.ts: layer taken modulo layers instead of checked (REQ-003-011).
  'routing.no-layer-check',
  // server/routes-route.ts: rows zero-padded or truncated to dModel, row count unchecked (REQ-003-012).
  'routing.no-shape-check',
  // server/routes-route.ts: non-finite hidden elements are routed as 0 (REQ-003-013).
  'routing.accept-non-finite',
  // routing/router-behaviour.ts: the result's `layer` is always 0 (REQ-003-014).
  'routing.layer-echo-zero',
  // model/loader.ts: the SPEC-004 §4.1 descriptor invariants are not checked (REQ-004-001).
  'model.no-descriptor-check',
  // model/loader.ts: tensor shapes are not compared with the descriptor (REQ-004-002).
  'model.no-tensor-check',
  // model/model-store.ts: `parameters` counts expert router rows only, L*T*G*E*d (REQ-004-003).
  'model.parameters-experts-only',
  // model/model-store.ts: Model.descriptor leaves out `ties` (REQ-004-004).
  'model.descriptor-drop-ties',
  // routing/router-behaviour.ts: group and expert `id` report the local index (REQ-004-005).
  'routing.local-ids',
  // model/loader.ts: group g of tier t is scored with group tensor row g*T+t (REQ-004-006).
  'model.group-rows-transposed',
  // routing/router-behaviour.ts: each group's last selected expert is replaced by its first (REQ-004-007).
  'routing.duplicate-selection',
  // model/loader.ts: every shard is fetched before the descriptor invariants are checked (REQ-004-008).
  'model.fetch-before-validate',
  // server/error-envelope.ts: E_ROUTING_SHAPE goes out as the unregistered E_ROUTING_BAD_SHAPE (REQ-007-002).
  'error.unregistered-code',
  // server/error-envelope.ts: every code registered with HTTP 422 is sent with 400 (REQ-007-003).
  'error.wrong-status',
  // server/error-envelope.ts: `retryable` is the negation of the registry flag (REQ-007-004).
  'error.retryable-flip',
  // server/error-envelope.ts: unknown paths answer 500 E_INTERNAL (REQ-007-006).
  'protocol.unknown-route-500',
  // server/app.ts: a wrong method on a known path answers 404 E_PROTOCOL_NOT_FOUND (REQ-007-007).
  'protocol.method-as-404',
  // server/app.ts: bodies are parsed as JSON whatever their Content-Type (REQ-007-008).
  'protocol.any-media-type',
  // server/app.ts: no request body size limit (REQ-007-009).
  'protocol.no-body-limit',
  // server/app.ts: request schemas drop unknown members and coerce types (REQ-007-010).
  'protocol.lenient-body',
  // server/auth-hooks.ts: credentials are checked after the body is parsed and validated (REQ-007-011).
  'error.auth-after-body',
  // server/error-envelope.ts: an envelope's `message` carries the error's stack trace (REQ-007-012).
  'error.stack-in-message',
  // routing/router-behaviour.ts: tie-key streams use the increment 0x9E3779B97F4A7C13 (REQ-010-001).
  'prng.wrong-gamma',
  // routing/router-behaviour.ts: tie-key stream keys read the first 8 SHA-256 bytes little-endian (REQ-010-002).
  'prng.key-little-endian',
  // server/routes-route.ts: gates serialised with 9 significant digits, digests over the full values (REQ-010-003).
  'json.gate-precision',
  // routing/router-behaviour.ts: softmax and gate products in binary32 for every request (REQ-010-004).
  'numeric.gate-float32',
  // routing/router-behaviour.ts: the route digest hashes the token digests' hex text (REQ-010-006).
  'digest.hex-concat',
  // model/loader.ts: manifestDigest hashes JSON.stringify of the parsed manifest, not the bytes served (REQ-010-007).
  'model.digest-reparsed',
  // routing/router-behaviour.ts: dot products summed from a start rotated by a per-process request counter (REQ-010-008).
  'routing.unordered-sum',
  // routing/router-behaviour.ts: tie-key labels end with the model's load ordinal since start (REQ-010-010).
  'routing.load-count-salt',

  // Core layer (specs 001-010 additions).
  // server/core-behaviour.ts: `capabilities` omits "forward" (REQ-001-001).
  'info.no-forward-capability',
  // server/core-behaviour.ts: declares memoryBudgetBytes 1048576 while enforcing the real budget (REQ-001-002).
  'info.memory-budget-below-core',
  // server/core-behaviour.ts: limits.memoryBudgetBytes reports the current budget after PUT memory-budget (REQ-001-003).
  'info.live-memory-budget',
  // server/core-behaviour.ts: in production mode, route and forward use routing seed 0 instead of the descriptor seed (REQ-001-004).
  'protocol.production-seed-zero',
  // model/model-store.ts: `default`'s manifestDigest hashes JSON.stringify(descriptor, null, 2), not canonical JSON (REQ-001-005).
  'builtin.digest-pretty-json',
  // model/model-store.ts: `default`'s weights are generated from seed 1 while its descriptor still says "0" (REQ-001-006).
  'builtin.seed-one',
  // model/model-store.ts: route and forward keep serving a model after its DELETE answered 204 (REQ-001-007).
  'store.route-after-delete',
  // server/core-behaviour.ts: each forward sequence result carries an extra `elapsedMs` member (REQ-001-008).
  'forward.extra-member',
  // server/core-behaviour.ts: sequence results are emitted longest first instead of in request order (REQ-002-001).
  'forward.sequences-by-length',
  // server/core-behaviour.ts: forward on a formatVersion 1 model answers 500 E_INTERNAL (REQ-002-002).
  'forward.v1-as-500',
  // server/core-behaviour.ts: sequences over maxSeq are truncated, empty ones skipped, totals unchecked (REQ-002-003).
  'forward.no-length-check',
  // server/core-behaviour.ts: token ids are taken modulo vocab (fractions truncated), never refused (REQ-002-004).
  'forward.token-modulo',
  // server/core-behaviour.ts: each sequence is validated just before it executes, the deadline checked between sequences (REQ-002-005).
  'forward.lazy-validation',
  // server/core-behaviour.ts: `deadlineMs` is accepted and ignored (REQ-002-006).
  'deadline.ignored',
  // server/core-behaviour.ts: while a forward delay is set, the shared expert is left out of the FFN (REQ-002-007).
  'forward.delay-skips-shared-expert',
  // server/core-behaviour.ts: reset leaves the forward delay in place (REQ-002-008).
  'control.reset-keeps-delay',
  // server/core-behaviour.ts: a deadline passing with sequences pending answers 200 with the completed ones; a lone sequence still gets 504 (REQ-002-009).
  'forward.partial-on-deadline',
  // forward/forward-behaviour.ts: trace gates are reported rounded to binary32; the combine is unaffected (REQ-003-016).
  'forward.trace-gate-binary32',
  // forward/forward-behaviour.ts: the trace reports layer 0's selection for every layer; computation unaffected (REQ-003-017).
  'forward.trace-layer0-repeated',
  // server/core-behaviour.ts: forward ignores the control seed override and reports the descriptor seed (REQ-003-018).
  'forward.seed-override-ignored',
  // server/core-behaviour.ts: POST /v1/route on a formatVersion 2 model always uses layer 0's router tensors (REQ-003-019).
  'routing.v2-layer-zero',
  // model/model-store.ts: a formatVersion 2 Model reports only its router parameters, memory accounting following (REQ-004-009).
  'model.parameters-router-only',
  // model/manifest.ts: heads dividing dModel and an even dHead are not checked (REQ-004-010).
  'model.no-heads-check',
  // model/loader.ts: formatVersion 2 tensors are checked by element count, not shape (REQ-004-011).
  'model.v2-shape-by-count',
  // model/model-store.ts: the descriptor of a manifest-loaded formatVersion 2 Model reports `sharedExpert` negated (REQ-004-012).
  'model.v2-descriptor-shared-flipped',
  // model/manifest.ts: descriptor maxSeq is not checked against limits.maxSeq (REQ-004-013).
  'model.ignore-max-seq',
  // forward/forward-behaviour.ts: attention FLOPs omit the 4·d·(i+1) attention-core term (REQ-005-001).
  'compute.attention-flops-no-position',
  // forward/forward-behaviour.ts: parameterBytes counts the matrices of all N experts instead of the K selected (REQ-005-002).
  'compute.bytes-all-experts',
  // forward/forward-behaviour.ts: experts FLOPs are counted for all N experts instead of the K selected (REQ-005-003).
  'compute.experts-count-all',
  // server/core-behaviour.ts: declares maxActiveFlopsPerToken 2^53-1 while enforcing the real bound (REQ-005-004).
  'info.flops-bound-overstated',
  // model/manifest.ts: topK is not compared with maxK, so shards are fetched (REQ-005-005).
  'compute.no-maxk-check',
  // model/manifest.ts: the FLOP bound is not checked, so shards are fetched (REQ-005-006).
  'compute.no-flops-check',
  // model/model-store.ts: GET /v1/memory lists models in load order (REQ-006-001).
  'memory.models-unsorted',
  // model/model-store.ts: an over-budget load is answered 507 E_MODEL_CAPACITY (REQ-006-002).
  'memory.budget-as-capacity',
  // model/model-store.ts: the budget is checked before fetching and committed after, with no reservation (REQ-006-003).
  'memory.check-then-commit-race',
  // model/model-store.ts: a load is admitted only if used + bytes < budget, refusing an exact fit (REQ-006-004).
  'memory.strict-less-than',
  // model/model-store.ts: PUT memory-budget below usedBytes is accepted (REQ-006-005).
  'control.budget-below-used-accepted',
  // server/core-behaviour.ts: reset keeps the current memory budget (REQ-006-006).
  'control.reset-keeps-budget',
  // model/model-store.ts: shards are fetched before the budget check (REQ-006-007).
  'memory.fetch-before-budget',
  // model/model-store.ts: bytes of a load failing after admission stay in usedBytes until reset (REQ-007-013).
  'memory.leak-on-failed-load',
  // server/core-behaviour.ts: identical in-flight forwards are coalesced; followers get the leader's result without `routes` (REQ-008-001).
  'concurrency.coalesce-drops-trace',
  // server/core-behaviour.ts: a forward admitted while others run is left-padded to the longest sequence in flight, padding attended to (REQ-008-002).
  'concurrency.batch-pads-to-longest',
  // server/core-behaviour.ts: forward reads the seed override afresh at every layer (REQ-008-003).
  'concurrency.seed-read-per-layer',
  // server/core-behaviour.ts: DELETE frees tensors in use; in-flight forwards fail with 500 E_INTERNAL (REQ-008-004).
  'concurrency.unload-frees-in-flight',
  // model/model-store.ts: concurrent loads of one manifest each load and answer 201 (no single flight) (REQ-008-005).
  'concurrency.double-load',
  // model/model-store.ts: concurrent loads of one id with different digests both answer 201, the last to finish replacing the first (REQ-008-006).
  'concurrency.last-writer-wins',
  // model/model-store.ts: a model is listed and counted once its manifest parses, removed if a shard fails (REQ-008-007).
  'concurrency.list-before-verify',
  // server/core-behaviour.ts: GET /v1/state reports `ready` while degraded (REQ-009-001).
  'state.report-ready-when-degraded',
  // lifecycle/runtime-lifecycle.ts: legal transitions do not increment `since`; reset still does (REQ-009-002).
  'state.transition-since-unchanged',
  // lifecycle/runtime-lifecycle.ts: an illegal transition answers 200 and changes nothing (REQ-009-003).
  'state.lenient-transitions',
  // lifecycle/runtime-lifecycle.ts: draining admits work requests as ready does (REQ-009-004).
  'state.drain-admits-work',
  // server/core-behaviour.ts: in `failed`, GET /v1/models answers 503 E_STATE_UNAVAILABLE (REQ-009-005).
  'state.failed-refuses-reads',
  // server/core-behaviour.ts: in `degraded`, forward leaves out the shared expert (REQ-009-006).
  'state.degraded-skips-shared-expert',
  // lifecycle/runtime-lifecycle.ts: reset leaves a failed runtime failed (REQ-009-007).
  'state.reset-keeps-failed',
  // server/core-behaviour.ts: `since` increments on every successful model load (REQ-009-008).
  'state.since-counts-loads',
  // server/core-behaviour.ts: drain cancels in-flight forwards with 503 at their next layer (REQ-009-009).
  'state.drain-aborts-in-flight',
  // forward/forward-behaviour.ts: the token digest hashes the logits as binary64 little-endian (REQ-010-013).
  'forward.digest-float64',
  // forward/forward-behaviour.ts: the sequence digest hashes the token digests' hex text instead of raw bytes (REQ-010-014).
  'digest.sequence-hex-concat',
  // forward/forward-behaviour.ts: the final RMSNorm is skipped before the output head (REQ-010-015).
  'forward.final-norm-skipped',
  // server/core-behaviour.ts: sequences of one request are left-padded to the longest with token 0, padding attended to (REQ-010-016).
  'forward.batch-left-pad',
  // forward/forward-behaviour.ts: the last position of each sequence computes its output head in binary64 (REQ-010-017).
  'forward.last-position-float64-head',
  // server/core-behaviour.ts: second and later loads of a manifest compute RoPE angles in binary32 (REQ-010-018).
  'forward.reload-rope-binary32',

  // -- storage: shard format (SPEC-028) --
  // model/safetensors.ts: tensor data is checked for tiling in header order, not offset order (REQ-028-001).
  'shard.offsets-in-header-order',
  // model/safetensors.ts: a header of exactly 1048576 bytes is refused as over the cap (REQ-028-001).
  'shard.header-cap-exclusive',
  // model/safetensors.ts: the header length is not compared with the 1 MiB cap (REQ-028-002).
  'shard.no-header-cap',
  // model/safetensors.ts: only the low 32 bits of the 64-bit header length are read (REQ-028-002).
  'shard.header-length-low32',
  // model/safetensors.ts: whitespace before the header's opening brace is accepted (REQ-028-003).
  'shard.leading-whitespace',
  // model/safetensors.ts: invalid UTF-8 in the header is decoded as U+FFFD (REQ-028-004).
  'shard.lenient-utf8',
  // model/safetensors.ts: header JSON errors (syntax, duplicate keys) escape untranslated as 500 E_INTERNAL (REQ-028-005, REQ-028-006).
  'shard.json-error-escapes',
  // model/safetensors.ts: the header is parsed with JSON.parse, the last of duplicate keys winning (REQ-028-006).
  'shard.duplicate-keys-last-wins',
  // model/safetensors.ts: any JSON whitespace after the header object counts as padding (REQ-028-007).
  'shard.any-whitespace-padding',
  // model/safetensors.ts: `__metadata__` is taken as it is, whatever its type (REQ-028-008).
  'shard.metadata-unchecked',
  // model/safetensors.ts: tensor entries may carry members beyond dtype, shape and data_offsets (REQ-028-009).
  'shard.entry-extra-members',
  // model/safetensors.ts: every dtype is read as F32 (REQ-028-010).
  'shard.dtype-unchecked',
  // model/safetensors.ts: shapes are multiplied out unchecked; a shape that is not an array is a 500 (REQ-028-011).
  'shard.shape-unchecked',
  // model/safetensors.ts: end - begin is not compared with 4 x the element count (REQ-028-012).
  'shard.offsets-length-unchecked',
  // model/safetensors.ts: tensor byte ranges may overlap (REQ-028-013).
  'shard.overlap-allowed',
  // model/safetensors.ts: gaps between tensor byte ranges are accepted (REQ-028-014).
  'shard.gap-allowed',
  // model/safetensors.ts: bytes after the last tensor are accepted (REQ-028-015).
  'shard.trailing-bytes-allowed',
  // model/safetensors.ts: tensors reaching past the end of the file are accepted, so reading them fails with 500 (REQ-028-016).
  'shard.short-data-allowed',
  // model/safetensors.ts: NaN and infinite tensor values are accepted (REQ-028-017).
  'shard.non-finite-accepted',
  // model/safetensors.ts: tensors a shard holds beyond those its manifest entry lists are ignored (REQ-028-018).
  'shard.unlisted-tensor-ignored',

  // -- storage: checkpoint and snapshots (SPEC-029, SPEC-030) --
  // storage/snapshot-behaviour.ts: the checkpoint's signature slot holds {} instead of null (REQ-029-001).
  'checkpoint.signature-empty-object',
  // storage/snapshot-behaviour.ts: checkpoint files list model-manifest.json first, out of path order (REQ-029-002).
  'checkpoint.manifest-listed-first',
  // storage/snapshot-behaviour.ts: a shard's listed sha256 covers its data section only (REQ-029-003).
  'checkpoint.digest-tensor-data-only',
  // storage/snapshot-behaviour.ts: rootDigest lines leave out the size (REQ-029-004).
  'checkpoint.root-without-size',
  // storage/snapshot-behaviour.ts: manifestDigest is SHA-256 of model-manifest.json even for the built-in model (REQ-029-005).
  'checkpoint.digest-of-manifest-file',
  // storage/snapshot-behaviour.ts: restore compares file lengths, not SHA-256 digests (REQ-029-007).
  'checkpoint.verify-size-only',
  // storage/snapshot-behaviour.ts: restore accepts files that checkpoint.json does not list (REQ-029-008).
  'checkpoint.verify-ignores-unlisted',
  // storage/snapshot-behaviour.ts: restore does not recompute rootDigest (REQ-029-009).
  'checkpoint.verify-skips-root',
  // storage/snapshot-behaviour.ts: restore skips the checkpoint schema, so any formatVersion passes (REQ-029-009).
  'checkpoint.verify-any-version',
  // storage/snapshot-behaviour.ts: a snapshot stores the routed experts' w1 and w3 under each other's names (REQ-029-006, REQ-030-009).
  'snapshot.expert-w1-w3-swapped',
  // storage/snapshot-behaviour.ts: a new snapshot is neither listed nor found until a rescan (REQ-030-001).
  'snapshot.not-indexed',
  // storage/snapshot-behaviour.ts: GET /v1/snapshots lists snapshots in index order (REQ-030-002).
  'snapshot.list-unsorted',
  // storage/snapshot-behaviour.ts: DELETE leaves the snapshot directory, so a rescan lists it again (REQ-030-003).
  'snapshot.delete-index-only',
  // storage/snapshot-behaviour.ts: a snapshot with a taken id replaces the existing one (REQ-030-004).
  'snapshot.overwrite-existing',
  // storage/snapshot-behaviour.ts: restoring an unknown id answers 500 E_INTERNAL (REQ-030-005).
  'snapshot.unknown-id-internal',
  // storage/snapshot-behaviour.ts: a snapshot is listed as soon as its write starts (REQ-030-006).
  'snapshot.listed-before-complete',
  // storage/snapshot-behaviour.ts: snapshot files are written into snapshots/<id>/ directly, without a temporary directory (REQ-030-006).
  'snapshot.write-in-place',
  // storage/snapshot-behaviour.ts: a scan does not remove .tmp- leftovers (REQ-030-007).
  'snapshot.scan-keeps-leftovers',
  // storage/snapshot-behaviour.ts: a scan ignores snapshots whose id contains '.' (REQ-030-007).
  'snapshot.scan-skips-dotted-ids',
  // storage/snapshot-behaviour.ts: a scan lists every directory whose checkpoint.json parses, without verifying its files (REQ-030-008).
  'snapshot.scan-trusts-checkpoint',
  // storage/snapshot-behaviour.ts: a restored model reports SHA-256 of model-manifest.json as manifestDigest (REQ-030-009).
  'snapshot.restore-reports-file-digest',
  // storage/snapshot-behaviour.ts: a restore onto an id loaded with another digest unloads that model first (REQ-030-010).
  'snapshot.restore-replaces-loaded',
  // storage/snapshot-behaviour.ts: a snapshot id is checked but not reserved while the snapshot is written (REQ-030-011).
  'snapshot.no-id-reservation',

  // storage/snapshot-behaviour.ts: a tiered model's snapshot holds zeros for every expert that is not hot (REQ-030-013).
  'snapshot.tiered-from-hot-only',
  // storage/snapshot-behaviour.ts: a snapshot of a procedural model fails with 500 E_INTERNAL (REQ-030-014).
  'snapshot.procedural-internal',

  // -- storage: tiers and lazy experts (SPEC-021 to SPEC-027) --
  // storage/tiers/tier-faults.ts: cold expert files are used without comparing their SHA-256 (REQ-024-001).
  'tier.skip-cold-hash',
  // storage/tiers/tier-faults.ts: a hot expert leased by a forward pass in flight may be evicted (REQ-027-002).
  'tier.evict-in-use',
  // storage/tiers/tier-faults.ts: pinned hot experts are eviction candidates like any other (REQ-027-003).
  'tier.evict-pinned',
  // storage/tiers/tier-faults.ts: concurrent requests for one expert each load it (REQ-026-002).
  'tier.no-coalescing',
  // storage/tiers/tier-faults.ts: the most recently used hot expert is evicted first (REQ-027-001).
  'tier.evict-most-recent',
  // storage/tiers/tier-faults.ts: a warm hit does not copy the warm payload into its hot slot (REQ-021-001).
  'tier.warm-hit-unwritten',
  // storage/tiers/tier-faults.ts: the hot tier has ceil(hotBytes / expertBytes) slots (REQ-021-002).
  'tier.slots-rounded-up',
  // storage/tiers/tier-faults.ts: staging at load evicts earlier experts, leaving the last ones cold (REQ-021-003).
  'tier.load-staging-evicts',
  // storage/tiers/tier-faults.ts: a hot budget below one expert is accepted with one slot (REQ-021-004).
  'tier.no-hot-budget-check',
  // storage/tiers/tier-faults.ts: a tiered model's resident charge leaves out warmBytes (REQ-021-005).
  'tier.charge-omits-warm',
  // storage/tiers/tier-faults.ts: a procedural model reports archive "http" (REQ-021-006).
  'tier.procedural-reported-http',
  // storage/tiers/tier-faults.ts: a warm hit leaves the expert in the warm tier as well (REQ-022-001).
  'tier.warm-keeps-copy',
  // storage/tiers/tier-faults.ts: experts evicted from hot are dropped instead of moved to warm (REQ-022-001).
  'tier.demote-drops',
  // storage/tiers/tier-faults.ts: experts loaded from the archive are not written to the cold tier (REQ-022-002).
  'tier.miss-not-staged',
  // storage/tiers/tier-faults.ts: concurrent cold staging reserves no room and can exceed coldBytes (REQ-023-001).
  'tier.cold-budget-unreserved',
  // storage/tiers/tier-faults.ts: bytesMoved.archiveToCold counts file bytes, not payload bytes (REQ-023-002).
  'tier.bytes-moved-file-size',
  // storage/tiers/tier-faults.ts: hot hits are recorded in the load-latency histogram (REQ-023-002).
  'tier.latency-counts-hot-hits',
  // storage/tiers/tier-faults.ts: warm hits are counted (hits and bytes moved) as cold hits (REQ-023-003).
  'tier.warm-hit-counted-cold',
  // storage/tiers/tier-faults.ts: the evict-memory control route leaves the warm tier in place (REQ-023-004).
  'tier.evict-memory-keeps-warm',
  // storage/tiers/tier-faults.ts: a cold copy that fails verification is kept, so every retry fails again (REQ-024-002).
  'tier.keep-damaged-copy',
  // storage/tiers/tier-faults.ts: HTTP archive shards are used without comparing their SHA-256 (REQ-025-001).
  'tier.archive-unverified',
  // storage/tiers/tier-faults.ts: archive failures are answered 500 E_INTERNAL (REQ-025-002).
  'tier.archive-error-internal',
  // storage/tiers/tier-faults.ts: a tiered model loaded from shards has layer 0's first experts hot at load (REQ-026-001).
  'tier.eager-load',
  // storage/tiers/tier-faults.ts: after one failed expert load every request of the model fails (REQ-026-003).
  'tier.failure-poisons-model',
  // storage/tiers/tier-faults.ts: pins may take every hot slot, leaving none for forward passes (REQ-027-004).
  'tier.pin-every-slot',
  // storage/tiers/tier-faults.ts: pin and unpin accept a layer or expert the model does not have (REQ-027-005).
  'tier.pin-unchecked',
  // storage/tiers/tier-faults.ts: unpinning leaves the expert pinned (REQ-027-003).
  'tier.unpin-ignored',
  ...GENERATION_FAULT_NAMES,
  ...TENANT_FAULT_NAMES,
  ...BUDGET_FAULT_NAMES,
  ...DISPATCH_FAULT_NAMES,
  ...TELEMETRY_FAULT_NAMES,
  ...OPENAI_FAULT_NAMES,
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

export type FaultSet = ReadonlySet<FaultName>;

export const NO_FAULTS: FaultSet = new Set<FaultName>();

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

/** Parses fault names; throws with the list of known names when one is unknown. */
export function parseFaults(names: readonly string[]): FaultSet {
  const faults = new Set<FaultName>();
  for (const name of names) {
    if (!isFaultName(name)) throw new Error(`unknown fault "${name}"; known faults: ${FAULT_NAMES.join(', ')}`);
    faults.add(name);
  }
  return faults;
}

// Switches with this prefix break production mode itself, so they are useless anywhere else: a mutant production
// instance started with one must, say, serve the control API. Every other switch is for conformance mode.
export const PRODUCTION_FAULT_PREFIX = 'protocol.production-';

/** Whether a switch may be given to a production-mode instance. */
export function isProductionFault(name: FaultName): boolean {
  return name.startsWith(PRODUCTION_FAULT_PREFIX);
}

/** Throws when a switch is not allowed in `mode`; production deployments cannot be started as mutants. */
export function checkFaultsAllowed(mode: 'conformance' | 'production', faults: FaultSet): void {
  if (mode === 'conformance') return;
  const refused = [...faults].filter((name) => !isProductionFault(name));
  if (refused.length > 0) {
    throw new Error(`fault switches need --mode conformance (refused in production mode: ${refused.join(', ')})`);
  }
}
