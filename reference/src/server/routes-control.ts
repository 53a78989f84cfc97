// The control API (SPEC-000 §4.2): reset, routing seed override, tenants (core-layer controls: routes-lifecycle-control.ts). Registered only in conformance mode,
// so that in production every /v1/conformance/ path is an unknown path (REQ-000-007).

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { parseU64 } from '../numeric/u64.ts';
import type { GuardOptions } from './auth-hooks.ts';
import { bodySchema } from './request-validation.ts';
import type { RuntimeContext } from './runtime-context.ts';

/** The guard of every control route, core-layer controls included. */
export function controlGuard(ctx: RuntimeContext): GuardOptions {
  // FAULT auth.control-ungated: control routes skip the admin check, accepting any credential or none.
  return ctx.faults.has('auth.control-ungated') ? {} : ctx.access.admin;
}

export function registerControlRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  const guard = controlGuard(ctx);
  // FAULT control.reset-keeps-tenants: reset leaves tenants and their tokens in place.
  const resetClearsTenants = !ctx.faults.has('control.reset-keeps-tenants');
  // FAULT control.seed-not-stored: PUT seed echoes the seed without storing it.
  const storeSeed = !ctx.faults.has('control.seed-not-stored');
  // FAULT control.tenant-overwrite: a name in use is given a new token and its old token is revoked.
  const overwriteTenants = ctx.faults.has('control.tenant-overwrite');

  // REQ-000-008: the body is empty or {}.
  app.post('/v1/conformance/reset', { ...guard }, (request) => {
    const body = request.body;
    const empty = body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!empty) throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', 'reset takes an empty body or {}');
    ctx.models.clear();
    if (resetClearsTenants) ctx.credentials.clearTenants();
    ctx.state.seedOverride = null;
    // contract-core §4: reset also returns the runtime to ready, clears the delay and restores the memory budget.
    if (!ctx.behaviour.resetKeepsDelay) ctx.state.perLayerDelayMs = 0;
    if (!ctx.behaviour.resetKeepsBudget) ctx.models.memory.restoreDefault();
    ctx.lifecycle.reset();
    for (const hook of ctx.resetHooks) hook();
    return { reset: true };
  });

  // REQ-000-009: a seed that is not a canonical u64 decimal is E_CONTROL_SEED_INVALID and changes nothing.
  app.put<{ Body: { seed: string } }>('/v1/conformance/seed', { ...guard, schema: bodySchema('seed-request') }, (request) => {
    const { seed } = request.body;
    if (parseU64(seed) === null) throw new RuntimeError('E_CONTROL_SEED_INVALID', 'seed must be a canonical u64 decimal string');
    if (storeSeed) ctx.state.seedOverride = seed;
    return { seed };
  });

  app.get('/v1/conformance/seed', { ...guard }, () => ({ seed: ctx.state.seedOverride }));

  // REQ-000-010
  app.post<{ Body: { name: string } }>('/v1/conformance/tenants', { ...guard, schema: bodySchema('tenant-request') }, (request, reply) => {
    if (overwriteTenants) ctx.credentials.deleteTenant(request.body.name);
    const token = ctx.credentials.createTenant(request.body.name);
    return reply.code(201).send({ tenant: request.body.name, token });
  });
}
