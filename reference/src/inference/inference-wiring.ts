// Builds the inference layer of one runtime (SPEC-041 … SPEC-050): telemetry, tenancy, the deployment that budgets
// and tier sets are resolved against, the KV pool, the scheduler and the generation service, each exactly once, and
// registers their routes. The server calls it after the core routes are in place.

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_KV_PAGES, DEFAULT_MAX_BATCH } from '../limits.ts';
import type { RuntimeContext } from '../server/runtime-context.ts';
import { registerBudgetControlRoutes, registerBudgetRoutes } from '../server/routes-budget.ts';
import { registerGenerateRoutes, registerSchedulerControlRoutes } from '../server/routes-generate.ts';
import { registerOpenAiRoutes } from '../server/routes-openai.ts';
import { registerTelemetryRoutes } from '../server/routes-telemetry.ts';
import { registerTenancyRoutes } from '../server/routes-tenancy.ts';
import { Deployment, resolveRoutingPolicy } from './budget/index.ts';
import { generationBehaviour, type GenerationBehaviour } from './generation/generation-faults.ts';
import { KvPagePool } from './generation/kv-pool.ts';
import { Scheduler } from './generation/scheduler.ts';
import { InferenceService } from './generation/service.ts';
import type { SequenceRequest } from './generation/sequence.ts';
import { createTelemetry, type Telemetry } from './telemetry/index.ts';
import { createTenancy, type Tenancy } from './tenants/index.ts';

export interface InferenceOptions {
  /** KV pool size in pages of 16 positions (default 1024). */
  kvPages?: number;
  /** Most sequences one step runs (default 64). */
  maxBatch?: number;
  /** GET /metrics without a credential. */
  metricsOpen?: boolean;
  /** Secret the tenant secrets derive from; a fresh random one per process when absent. */
  serverSecret?: Buffer;
}

export interface Inference {
  service: InferenceService;
  scheduler: Scheduler;
  pool: KvPagePool;
  tenancy: Tenancy;
  telemetry: Telemetry;
  deployment: Deployment;
  behaviour: GenerationBehaviour;
}

export function buildInference(ctx: RuntimeContext, options: InferenceOptions = {}): Inference {
  const b = generationBehaviour(ctx.faults);
  const kvPages = options.kvPages ?? DEFAULT_KV_PAGES;
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const telemetry = createTelemetry({ clock: ctx.clock, faults: ctx.faults, metricsOpen: options.metricsOpen === true });
  const tenancy = createTenancy({ clock: ctx.clock, faults: ctx.faults, serverSecret: options.serverSecret ?? randomBytes(32) });
  const deployment = new Deployment(ctx.faults);
  const pool = new KvPagePool(kvPages, { admitWithoutPages: b.admitWithoutPages, evictMostRecent: b.evictMostRecent });
  const scheduler = new Scheduler({
    clock: ctx.clock,
    pool,
    queue: tenancy.newQueue<SequenceRequest>((request) => request.prompt.length),
    maxBatch,
    perLayerDelayMs: () => ctx.state.perLayerDelayMs,
    errorBody: (code, message) => ctx.errors.envelope(code, message).error,
    observer: telemetry.observer,
    faults: b,
    onStarted: (request) => tenancy.policy.started(request.generation.tenant),
    onFinished: (request, generatedTokens, started) => tenancy.policy.finished(request.generation.tenant, { generatedTokens, started }),
  });
  const service = new InferenceService({
    ctx,
    scheduler,
    quotas: tenancy.policy,
    tenants: tenancy,
    prefixKey: (tenant, material) => tenancy.secrets.prefixKey(tenant, material),
    resolveRouting: (descriptor, input) => {
      const resolved = resolveRoutingPolicy(descriptor, input, deployment, input.model);
      return { policy: resolved.policy, meter: resolved.meter };
    },
    faults: b,
  });
  // SPEC-046, SPEC-047: the control reset ends every generation and restores the scheduler and the pool as started.
  ctx.resetHooks.push(() => {
    deployment.reset();
    scheduler.cancelAll();
    scheduler.paused = false;
    scheduler.maxBatch = maxBatch;
    if (!b.resetKeepsCache) pool.reset(kvPages);
  });
  return { service, scheduler, pool, tenancy, telemetry, deployment, behaviour: b };
}

/** Routes of the runtime API; `control` adds the conformance control routes of the inference layer. */
export function registerInferenceRoutes(app: FastifyInstance, ctx: RuntimeContext, inference: Inference, control: boolean): void {
  const { service, pool, tenancy, telemetry, deployment } = inference;
  registerGenerateRoutes(app, ctx, service, pool, inference.behaviour);
  registerOpenAiRoutes(app, ctx, service);
  registerTelemetryRoutes(app, ctx, telemetry, service);
  registerBudgetRoutes(app, ctx, deployment);
  if (!control) return;
  registerSchedulerControlRoutes(app, ctx, service.scheduler, pool);
  registerTenancyRoutes(app, ctx, tenancy);
  registerBudgetControlRoutes(app, ctx, deployment);
}
