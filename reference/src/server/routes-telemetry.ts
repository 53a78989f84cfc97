// Telemetry routes (SPEC-049): GET /metrics (Prometheus text 0.0.4; the admin credential, or open to anyone when the
// runtime was started with --metrics-open) and GET /v1/generations/{id}/trace (the owning tenant or the admin). Also
// the hooks that count every answered request under its route pattern and time it on the runtime's clock.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RuntimeError } from '../errors.ts';
import type { InferenceService } from '../inference/generation/service.ts';
import { EXPOSITION_CONTENT_TYPE, type Telemetry } from '../inference/telemetry/index.ts';
import { principalOf } from './auth-hooks.ts';
import type { RuntimeContext } from './runtime-context.ts';

interface IdParams {
  id: string;
}

/** Counts and times every request the app answers (REQ-049-005); install once, on the root instance. */
export function installHttpTelemetry(app: FastifyInstance, telemetry: Telemetry): void {
  const started = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', (request, _reply, done) => {
    started.set(request, telemetry.clock.now());
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const begun = started.get(request) ?? telemetry.clock.now();
    // The pattern the request matched (undefined when none did): ids and names in the path never become labels.
    const route = telemetry.behaviour.rawUrlLabel ? request.url : request.routeOptions.url;
    telemetry.http.request(route ?? '', request.method, reply.statusCode, telemetry.clock.now() - begun);
    done();
  });
}

export function registerTelemetryRoutes(app: FastifyInstance, ctx: RuntimeContext, telemetry: Telemetry, service: Pick<InferenceService, 'find'>): void {
  installHttpTelemetry(app, telemetry);

  // REQ-049-007: scraping shows the load and shape of every tenant's traffic, so it is the operator's unless opened.
  const metricsGuard = telemetry.metricsOpen ? {} : telemetry.behaviour.metricsOpenToTenants ? ctx.access.runtime : ctx.access.admin;
  app.get('/metrics', { ...metricsGuard }, (_request, reply) => {
    reply.type(EXPOSITION_CONTENT_TYPE);
    return telemetry.exposition();
  });

  app.get<{ Params: IdParams }>('/v1/generations/:id/trace', { ...ctx.access.runtime }, (request) => {
    const { id } = request.params;
    // REQ-049-009: another tenant's generation is as absent as an unknown id (service.find throws for both).
    if (!telemetry.behaviour.traceAnyTenant) service.find(principalOf(request), id);
    const trace = telemetry.traces.get(id);
    if (trace === undefined) throw new RuntimeError('E_GENERATION_NOT_FOUND', `no trace is kept for generation ${id}`);
    return trace;
  });
}
