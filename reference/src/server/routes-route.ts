// POST /v1/route (SPEC-003). Checks run in the order of SPEC-003 §4.7, all before any routing work.

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { checkLayer, readHidden } from '../routing/route-input.ts';
import { requireCredential } from './auth-hooks.ts';
import { bodySchema } from './request-validation.ts';
import type { RuntimeContext } from './runtime-context.ts';

interface RouteBody {
  model: string;
  layer: number;
  hidden: number[][];
}

export function registerRouteRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  // FAULT routing.seed-override-ignored: the control seed override is never used.
  const honourOverride = !ctx.faults.has('routing.seed-override-ignored');

  app.post<{ Body: RouteBody }>(
    '/v1/route',
    { onRequest: requireCredential(ctx.credentials, 'tenant-or-admin'), schema: bodySchema('route-request') },
    (request) => {
      const { model: id, layer, hidden } = request.body;
      const model = ctx.models.get(id);
      // REQ-003-010; a model listed as failed (only under a fault) has nothing to route with.
      if (model === undefined || model.status !== 'ready') throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${id} is not loaded`);
      checkLayer(layer, model.descriptor.layers); // REQ-003-011
      const input = readHidden(hidden, model.descriptor.dModel, ctx.limits.maxTokensPerRequest); // REQ-003-012/013
      // REQ-003-008: the override when set, else the descriptor seed; reported in the result.
      const seed = honourOverride && ctx.state.seedOverride !== null ? ctx.state.seedOverride : model.descriptor.seed;
      return ctx.router.route(model, layer, input.hidden, input.tokenCount, seed);
    },
  );
}
