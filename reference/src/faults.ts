// Fault switches (contract §5): each deliberately breaks one required behaviour so that the conformance suite can
// show it detects the breakage (mutation adequacy). They are refused in production mode, except the one switch
// that targets production mode itself. Each switch is tested at exactly one place in the code, marked with a
// `FAULT <name>` comment.

export const FAULT_NAMES = [
  // routing/hser-router.ts: ties broken by lowest candidate index instead of the seeded tie key.
  'routing.tiebreak',
  // routing/hser-router.ts: an expert's gate is its own softmax weight, not tier x group x expert.
  'routing.gate-product',
  // routing/hser-router.ts: experts listed by ascending global id instead of tier/group/expert rank order.
  'routing.order',
  // server/routes-route.ts: the control seed override is ignored; the descriptor seed is always used.
  'routing.seed-override-ignored',
  // routing/hser-router.ts: gates computed in binary32 when a request holds more than one token.
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
  // routing/hser-router.ts: the token digest hashes each gate before its expert id.
  'digest.order',
  // server/routes-info.ts: the claimed profiles omit "core".
  'info.no-core',
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

// Switches are for conformance-mode mutants. The one exception breaks production mode itself, so it is useless
// anywhere else: a mutant production instance started with it must serve the control API.
const ALLOWED_IN_PRODUCTION: readonly FaultName[] = ['protocol.production-control'];

/** Throws when a switch is not allowed in `mode`; production deployments cannot be started as mutants. */
export function checkFaultsAllowed(mode: 'conformance' | 'production', faults: FaultSet): void {
  if (mode === 'conformance') return;
  const refused = [...faults].filter((name) => !ALLOWED_IN_PRODUCTION.includes(name));
  if (refused.length > 0) {
    throw new Error(`fault switches need --mode conformance (refused in production mode: ${refused.join(', ')})`);
  }
}
