// The reference runtime's HTTP application (SPEC-000). `buildServer` returns a ready-to-listen fastify instance;
// tests drive it with app.inject, main.ts binds it to a port.

import { readFileSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../clock.ts';
import { RuntimeError } from '../errors.ts';
import { checkFaultsAllowed, NO_FAULTS, type FaultSet } from '../faults.ts';
import { RuntimeLifecycle } from '../lifecycle/runtime-lifecycle.ts';
import { DEFAULT_LIMITS, type RuntimeLimits } from '../limits.ts';
import { ModelLoader } from '../model/loader.ts';
import { ManifestParser, manifestChecks } from '../model/manifest.ts';
import { ModelStore } from '../model/model-store.ts';
import { REFERENCE_PACKAGE_JSON } from '../paths.ts';
import { HserRouter } from '../routing/hser-router.ts';
import { StorageRoot } from '../storage/storage-root.ts';
import { tierBehaviour } from '../storage/tiers/tier-faults.ts';
import { DEFAULT_SCHEMAS_DIR, loadSchemaDocuments } from '../schema-store.ts';
import { AccessGuards } from './auth-hooks.ts';
import { coreBehaviour } from './core-behaviour.ts';
import { forwardFaults } from '../forward/forward-behaviour.ts';
import { Credentials, randomToken, type TokenGenerator } from './credentials.ts';
import { ErrorResponder } from './error-envelope.ts';
import { loadErrorRegistry, type ErrorRegistry } from './error-registry.ts';
import { MethodGuard } from './method-guard.ts';
import { schemaControllerOptions } from './request-validation.ts';
import { registerControlRoutes } from './routes-control.ts';
import { registerForwardRoutes } from './routes-forward.ts';
import { registerInfoRoutes } from './routes-info.ts';
import { registerLifecycleControlRoutes } from './routes-lifecycle-control.ts';
import { registerMemoryRoutes } from './routes-memory.ts';
import { registerModelRoutes } from './routes-models.ts';
import { registerRouteRoutes } from './routes-route.ts';
import { registerSnapshotRoutes } from './routes-snapshots.ts';
import { registerStorageControlRoutes } from './routes-storage-control.ts';
import { registerTierControlRoutes, registerTierRoutes } from './routes-tiers.ts';
import type { RuntimeContext, RuntimeMode } from './runtime-context.ts';
import { buildInference, registerInferenceRoutes, type InferenceOptions } from '../inference/inference-wiring.ts';

export interface ServerOptions {
  adminToken: string;
  mode?: RuntimeMode;
  faults?: FaultSet;
  limits?: Partial<RuntimeLimits>;
  /** Largest request body accepted, in bytes (E_PROTOCOL_PAYLOAD_TOO_LARGE beyond it). */
  bodyLimitBytes?: number;
  /** Deadline for each manifest or shard download. */
  fetchTimeoutMs?: number;
  /** A pino logger; none means silent. */
  logger?: FastifyBaseLogger;
  schemasDir?: string;
  errorRegistry?: ErrorRegistry;
  generateToken?: TokenGenerator;
  /** Time source for deadlines and artificial delays; the system's monotonic clock unless a test injects one. */
  clock?: Clock;
  /** Directory of the cold tier and snapshots (created if absent); a fresh temporary directory when absent. */
  storageDir?: string;
  /** KV pool, batch size, metrics access and tenant-secret root of the inference layer. */
  inference?: InferenceOptions;
}

// SPEC-007 §4.3 bounds the body limit to 1..64 MiB; this fits 1024 rows x 4096 dyadic values with headroom.
export const DEFAULT_BODY_LIMIT_BYTES = 48 * 1024 * 1024;
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
// Half the core minimum of maxManifestBytes (SPEC-000 §4.3), still far above any family manifest.
const BELOW_CORE_MANIFEST_BYTES = 32 * 1024;

function referenceVersion(): string {
  return (JSON.parse(readFileSync(REFERENCE_PACKAGE_JSON, 'utf8')) as { version: string }).version;
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const mode = options.mode ?? 'production';
  const faults = options.faults ?? NO_FAULTS;
  checkFaultsAllowed(mode, faults);
  const limits: RuntimeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  // FAULT info.limits-below-core: maxManifestBytes declared and enforced below the core bound.
  if (faults.has('info.limits-below-core')) limits.maxManifestBytes = BELOW_CORE_MANIFEST_BYTES;
  // FAULT model.ignore-limits: loads ignore maxManifestBytes and maxDModel, which GET /v1/info still declares.
  const loadLimits = faults.has('model.ignore-limits') ? { ...limits, maxManifestBytes: Infinity, maxDModel: Infinity } : limits;
  const schemaDocuments = loadSchemaDocuments(options.schemasDir ?? DEFAULT_SCHEMAS_DIR);
  const errors = new ErrorResponder(options.errorRegistry ?? loadErrorRegistry(), faults);
  const loader = new ModelLoader({
    parser: new ManifestParser(schemaDocuments, loadLimits, manifestChecks(faults)),
    limits: loadLimits,
    faults,
    fetchTimeoutMs: options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
  });
  const storage = new StorageRoot(options.storageDir);
  const clock = options.clock ?? systemClock;
  const credentials = new Credentials(options.adminToken, options.generateToken ?? randomToken);
  const ctx: RuntimeContext = {
    mode,
    version: referenceVersion(),
    storage,
    limits,
    faults,
    state: { seedOverride: null, perLayerDelayMs: 0 },
    lifecycle: new RuntimeLifecycle(faults),
    behaviour: coreBehaviour(faults),
    forwardFaults: forwardFaults(faults),
    clock,
    models: new ModelStore(loader, limits, faults, { storage, clock, behaviour: tierBehaviour(faults) }),
    credentials,
    access: new AccessGuards(credentials, faults),
    router: new HserRouter(faults),
    errors,
    resetHooks: [],
  };
  const inference = buildInference(ctx, options.inference);

  const app = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    // FAULT protocol.no-body-limit: bodies of any size are read.
    bodyLimit: faults.has('protocol.no-body-limit') ? Number.MAX_SAFE_INTEGER : (options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES),
    return503OnClosing: false,
    // FAULT protocol.lenient-body: request validation drops unknown members and coerces types.
    schemaController: schemaControllerOptions(faults.has('protocol.lenient-body')),
    frameworkErrors: errors.frameworkErrors,
    clientErrorHandler: errors.clientErrorHandler,
  });
  for (const document of schemaDocuments) app.addSchema(document);
  errors.install(app);

  // Only application/json bodies are parsed (media type parameters such as charset allowed). An empty JSON body
  // reads as no body, so that POST /v1/conformance/reset may be sent with or without `{}`.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  const parseJsonText = (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') done(null, undefined);
    else void parseJson(request, text, done);
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonText);
  // FAULT protocol.any-media-type: a body of any media type is parsed as JSON.
  if (faults.has('protocol.any-media-type')) app.addContentTypeParser('*', { parseAs: 'string' }, parseJsonText);
  // Any other media type: 415 for a non-empty body, decided from the headers before reading it, so that it comes
  // before the body-size check (SPEC-007 §4.3 steps 4 and 5); an empty body is simply no body.
  else app.addContentTypeParser('*', (request, _payload, done) => {
    const length = request.headers['content-length'];
    const empty = request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
    if (empty) done(null, undefined);
    else done(new RuntimeError('E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE', 'request bodies must be application/json'));
  });

  const guard = new MethodGuard();
  guard.watch(app);
  registerInfoRoutes(app, ctx);
  registerModelRoutes(app, ctx);
  registerRouteRoutes(app, ctx);
  registerForwardRoutes(app, ctx, inference.deployment);
  registerMemoryRoutes(app, ctx);
  registerSnapshotRoutes(app, ctx);
  registerTierRoutes(app, ctx);
  // FAULT protocol.production-control: the control API is served in production mode as well.
  const control = mode === 'conformance' || faults.has('protocol.production-control');
  registerInferenceRoutes(app, ctx, inference, control);
  if (control) {
    registerControlRoutes(app, ctx);
    registerStorageControlRoutes(app, ctx);
    registerLifecycleControlRoutes(app, ctx);
    registerTierControlRoutes(app, ctx);
  }
  // FAULT protocol.method-as-404: without the 405 companions a wrong method falls through to the unknown-path answer.
  if (!faults.has('protocol.method-as-404')) guard.install(app, errors);
  // SPEC-009: initializing until the server is ready to serve.
  app.addHook('onReady', (done) => {
    ctx.lifecycle.markServing();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    storage.dispose();
    done();
  });
  return app;
}
