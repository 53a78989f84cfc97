// Fault switches (contract §5): each deliberately breaks one required behaviour so that the conformance suite can
// show it detects the breakage (mutation adequacy). Switches are for conformance-mode mutants; those named
// `protocol.production-*` break production mode itself and are the only ones a production instance accepts.
// Each switch is tested at exactly one place in the code, marked with a `FAULT <name>` comment.

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
